using System.Text;
using System.Text.Json.Nodes;
using Kit.Kernel.Protocol;

namespace Kit.Kernel.Server;

/// <summary>Builds replies and iopub messages for a request and posts them to the <see cref="Outbox"/>.</summary>
internal sealed class MessageSender(MessageFactory factory, Outbox outbox)
{
    /// <summary>Publishes on iopub with the message type as topic.</summary>
    public void Publish(string msgType, JsonObject content, JupyterMessage? parent, JsonObject? metadata = null) =>
        outbox.Post(Channel.IoPub, factory.Create(msgType, content, parent, [Encoding.UTF8.GetBytes(msgType)], metadata));

    /// <summary>Replies on <paramref name="channel"/>, routed back through all of the request's identities; returns the message sent.</summary>
    public JupyterMessage Reply(Channel channel, JupyterMessage request, string msgType, JsonObject content)
    {
        var message = factory.Create(msgType, content, request, request.Identities);
        outbox.Post(channel, message);
        return message;
    }

    public void Status(string state, JupyterMessage? parent) =>
        Publish("status", new JsonObject { ["execution_state"] = state }, parent);
}
