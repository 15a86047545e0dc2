using System.Text;

namespace Kit.Kernel.Output;

/// <summary>
/// Redirects file descriptors 1 and 2 into pipes so that everything written to them — Console output and native
/// libraries such as libtorch writing with printf — reaches the notebook in the order it was written. A reader thread
/// per pipe decodes UTF-8 and hands text to the <see cref="StreamBatcher"/>. <see cref="Sync"/> drains both pipes
/// (C stdio buffers included) by writing a marker through each and waiting for the reader to reach it.
/// </summary>
internal sealed class DescriptorCapture
{
    private const char MarkerEdge = '\u0001';
    private readonly StreamBatcher _batcher;
    private readonly Channel[] _channels;
    private readonly object _syncGate = new();
    private long _syncCounter;

    public DescriptorCapture(StreamBatcher batcher)
    {
        _batcher = batcher;
        // The kernel's own log keeps going to the original stderr (Jupyter's server console).
        OriginalStderr = LibC.Dup(2);
        _channels = [new Channel(1, "stdout", this), new Channel(2, "stderr", this)];
        LibC.LineBufferNativeStdout();
        foreach (var channel in _channels) channel.Start();
    }

    /// <summary>A duplicate of the original fd 2, for kernel diagnostics.</summary>
    public int OriginalStderr { get; }

    /// <summary>Waits until everything written to fd 1 and 2 so far has been handed to the batcher.</summary>
    public void Sync()
    {
        Console.Out.Flush();
        Console.Error.Flush();
        LibC.FFlush(0);
        lock (_syncGate)
        {
            var id = Interlocked.Increment(ref _syncCounter);
            foreach (var channel in _channels) channel.SendMarker(id);
            foreach (var channel in _channels) channel.WaitForMarker(id);
        }
    }

    private sealed class Channel(int fd, string name, DescriptorCapture owner)
    {
        private readonly ManualResetEventSlim _markerSeen = new();
        private long _lastMarker;
        private int _writeFd;
        private int _readFd;

        public void Start()
        {
            (_readFd, _writeFd) = LibC.Pipe();
            if (LibC.Dup2(_writeFd, fd) < 0) throw new IOException($"dup2 onto fd {fd} failed.");
            new Thread(ReadLoop) { IsBackground = true, Name = $"capture fd {fd}" }.Start();
        }

        public void SendMarker(long id)
        {
            _markerSeen.Reset();
            LibC.WriteAll(fd, Encoding.UTF8.GetBytes($"{MarkerEdge}kit-sync-{id}{MarkerEdge}"));
        }

        public void WaitForMarker(long id)
        {
            while (Interlocked.Read(ref _lastMarker) < id) _markerSeen.Wait(TimeSpan.FromMilliseconds(100));
        }

        private unsafe void ReadLoop()
        {
            var decoder = Encoding.UTF8.GetDecoder();
            var bytes = new byte[8192];
            var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
            var pending = new StringBuilder();
            while (true)
            {
                nint n;
                fixed (byte* buffer = bytes) n = LibC.Read(_readFd, buffer, bytes.Length);
                if (n < 0) continue;
                if (n == 0) return;
                var count = decoder.GetChars(bytes, 0, (int)n, chars, 0);
                pending.Append(chars, 0, count);
                EmitCompleteText(pending);
            }
        }

        /// <summary>Passes on text and consumes markers; text after an unterminated marker start waits for more bytes.</summary>
        private void EmitCompleteText(StringBuilder pending)
        {
            var text = pending.ToString();
            pending.Clear();
            var start = 0;
            while (true)
            {
                var open = text.IndexOf(MarkerEdge, start);
                if (open < 0) { owner._batcher.Append(name, text[start..]); return; }
                var close = text.IndexOf(MarkerEdge, open + 1);
                if (close < 0)
                {
                    owner._batcher.Append(name, text[start..open]);
                    pending.Append(text, open, text.Length - open);
                    return;
                }
                owner._batcher.Append(name, text[start..open]);
                var marker = text[(open + 1)..close];
                if (marker.StartsWith("kit-sync-", StringComparison.Ordinal) && long.TryParse(marker.AsSpan(9), out var id))
                {
                    Interlocked.Exchange(ref _lastMarker, id);
                    _markerSeen.Set();
                    start = close + 1;
                }
                else
                {
                    // Not ours: user text that happens to contain U+0001; pass the first edge on and keep scanning.
                    owner._batcher.Append(name, text[open..(open + 1)]);
                    start = open + 1;
                }
            }
        }
    }
}
