using System.Text.Json.Nodes;
using Kit.Kernel.Protocol;
using Kit.Kernel.Server;

namespace Kit.Kernel.Tests.Server;

public sealed class StdinReaderTests
{
    private readonly Outbox _outbox = new();
    private readonly StdinReader _reader;

    public StdinReaderTests() => _reader = new StdinReader(new MessageSender(new MessageFactory(), _outbox), () => { });

    private static JupyterMessage Execute(bool allowStdin) => new(
        [[1, 2, 3]], new JsonObject { ["msg_id"] = "exec-1", ["msg_type"] = "execute_request" }, new JsonObject(),
        new JsonObject(), new JsonObject { ["code"] = "Console.ReadLine()", ["allow_stdin"] = allowStdin }, []);

    private static JupyterMessage InputReply(string value, string? parentMsgId) => new(
        [], new JsonObject { ["msg_id"] = Guid.NewGuid().ToString(), ["msg_type"] = "input_reply" },
        parentMsgId is null ? new JsonObject() : new JsonObject { ["msg_id"] = parentMsgId }, new JsonObject(),
        new JsonObject { ["value"] = value }, []);

    /// <summary>Waits for the reader to post its input_request; returns it.</summary>
    private JupyterMessage PostedInputRequest()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            JupyterMessage? posted = null;
            _outbox.Drain((channel, message) => { if (channel == Channel.Stdin) posted = message; });
            if (posted is not null) return posted;
            Thread.Sleep(5);
        }
        throw new TimeoutException("no input_request was posted");
    }

    [Fact]
    public void ReadingOutsideACellOrWhereStdinIsNotAllowedThrowsAClearError()
    {
        Assert.Throws<StdinNotAllowedException>(() => _reader.ReadLine());
        _reader.Begin(Execute(allowStdin: false));
        var error = Assert.Throws<StdinNotAllowedException>(() => _reader.ReadLine());
        Assert.Contains("allow_stdin = false", error.Message);
    }

    [Fact]
    public async Task ReadLineAsksOnTheStdinChannelRoutedLikeTheRequestAndSkipsRepliesToOtherRequests()
    {
        var request = Execute(allowStdin: true);
        _reader.Begin(request);
        var line = Task.Run(() => _reader.ReadLine());
        var asked = PostedInputRequest();
        Assert.Equal("input_request", asked.MsgType);
        Assert.Equal("exec-1", asked.ParentHeader["msg_id"]!.GetValue<string>());
        Assert.Equal(request.Identities, asked.Identities);
        _reader.Deliver(InputReply("stale", "some-other-request"));
        _reader.Deliver(InputReply("typed", asked.MsgId));
        Assert.Equal("typed", await line.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ReadHandsOutTheTypedLineCharacterByCharacterThenANewline()
    {
        _reader.Begin(Execute(allowStdin: true));
        var first = Task.Run(() => _reader.Read());
        PostedInputRequest();
        _reader.Deliver(InputReply("ab", parentMsgId: null));
        Assert.Equal('a', await first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal('b', _reader.Peek());
        Assert.Equal('b', _reader.Read());
        Assert.Equal('\n', _reader.Read());
        _reader.End();
        Assert.Equal(-1, _reader.Peek());
    }
}
