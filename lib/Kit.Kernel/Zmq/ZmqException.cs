namespace Kit.Kernel.Zmq;

/// <summary>A failed libzmq call, with zmq's error text.</summary>
internal sealed class ZmqException(string call) : Exception($"{call} failed: {LibZmq.LastError()}");
