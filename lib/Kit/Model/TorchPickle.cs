using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Kit.Model;

/// <summary>A Python global (module, name) named by a pickle, e.g. ("argparse", "Namespace").</summary>
public sealed record PyGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>An object of a class the reader does not rebuild: its class, constructor arguments and state.</summary>
public sealed record PyObject(PyGlobal Class, object?[] Args)
{
    public object? State { get; set; }
}

/// <summary>A Python dict (or OrderedDict) in insertion order; keys are strings, integers or tuples.</summary>
public sealed class PyDict : List<KeyValuePair<object, object?>>
{
    public object? this[string key] => this.FirstOrDefault(kv => kv.Key is string s && s == key).Value;
    public bool Has(string key) => this.Any(kv => kv.Key is string s && s == key);
    public IEnumerable<string> StringKeys => this.Select(kv => kv.Key).OfType<string>();
}

/// <summary>A typed storage record of a torch.save zip: element type and the zip entry (data/KEY) holding its bytes.</summary>
public sealed record StorageRef(string StorageType, string Key, long Elements);

/// <summary>A tensor view onto a storage: element offset, size and stride (elements), as torch._utils rebuilds it.</summary>
public sealed record TensorRef(StorageRef Storage, long Offset, long[] Size, long[] Stride);

/// <summary>
/// Reads the pickle inside a torch.save zip (data.pkl) into plain objects: dicts, lists, tuples (object?[]), strings,
/// numbers, <see cref="TensorRef"/> for tensors and <see cref="PyObject"/> for any other class (an argparse Namespace,
/// a numpy scalar), so a release checkpoint's extra entries never stop its state_dict from loading. Nothing is
/// executed: classes are only named. Protocols 0-5 as Python writes them.
/// </summary>
public static class TorchPickle
{
    private sealed class Mark { public static readonly Mark Instance = new(); }

    /// <param name="pickle">the bytes of data.pkl.</param>
    /// <param name="where">the file name, for errors.</param>
    public static object? Read(byte[] pickle, string where)
    {
        var stack = new List<object?>();
        var memo = new Dictionary<long, object?>();
        var pos = 0;
        var data = pickle;

        byte U8() => data[pos++];
        ReadOnlySpan<byte> Take(long n)
        {
            if (n < 0 || pos + n > data.Length) throw new InvalidDataException($"'{where}': pickle ends inside a {n}-byte value");
            var s = data.AsSpan(pos, (int)n);
            pos += (int)n;
            return s;
        }
        string Line()
        {
            var end = data.AsSpan(pos).IndexOf((byte)'\n');
            if (end < 0) throw new InvalidDataException($"'{where}': pickle ends inside a text line");
            var s = Encoding.ASCII.GetString(data, pos, end);
            pos += end + 1;
            return s;
        }
        object? Pop()
        {
            if (stack.Count == 0) throw new InvalidDataException($"'{where}': pickle pops an empty stack");
            var v = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            return v;
        }
        List<object?> PopToMark()
        {
            var i = stack.FindLastIndex(o => o is Mark);
            if (i < 0) throw new InvalidDataException($"'{where}': pickle has no MARK to pop to");
            var items = stack.GetRange(i + 1, stack.Count - i - 1);
            stack.RemoveRange(i, stack.Count - i);
            return items;
        }
        void SetItems(PyDict d, IReadOnlyList<object?> kv)
        {
            for (var i = 0; i + 1 < kv.Count; i += 2)
            {
                var key = kv[i] ?? throw new InvalidDataException($"'{where}': a dict key is None");
                var existing = d.FindIndex(e => KeyEquals(e.Key, key));
                if (existing >= 0) d[existing] = new(key, kv[i + 1]);
                else d.Add(new(key, kv[i + 1]));
            }
        }
        object LongFromBytes(ReadOnlySpan<byte> bytes)
        {
            var big = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
            return big >= long.MinValue && big <= long.MaxValue ? (long)big : big;
        }

        while (true)
        {
            if (pos >= data.Length) throw new InvalidDataException($"'{where}': pickle ends without STOP");
            var op = U8();
            switch (op)
            {
                case 0x80: pos++; break;                                   // PROTO
                case 0x95: Take(8); break;                                 // FRAME
                case (byte)'.': return Pop();                              // STOP
                case (byte)'(': stack.Add(Mark.Instance); break;          // MARK
                case (byte)'0': Pop(); break;                              // POP
                case (byte)'1': PopToMark(); break;                        // POP_MARK
                case (byte)'2': stack.Add(stack[^1]); break;               // DUP
                case (byte)'N': stack.Add(null); break;
                case 0x88: stack.Add(true); break;
                case 0x89: stack.Add(false); break;
                case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
                case (byte)'K': stack.Add((long)U8()); break;
                case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
                case 0x8a: { var n = U8(); stack.Add(LongFromBytes(Take(n))); break; }                       // LONG1
                case 0x8b: { var n = BinaryPrimitives.ReadInt32LittleEndian(Take(4)); stack.Add(LongFromBytes(Take(n))); break; }
                case (byte)'I':
                {
                    var s = Line();
                    stack.Add(s switch { "00" => false, "01" => true, _ => long.Parse(s, CultureInfo.InvariantCulture) });
                    break;
                }
                case (byte)'L': stack.Add(long.Parse(Line().TrimEnd('L'), CultureInfo.InvariantCulture)); break;
                case (byte)'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;
                case (byte)'F': stack.Add(double.Parse(Line(), CultureInfo.InvariantCulture)); break;
                case (byte)'X': { var n = BinaryPrimitives.ReadUInt32LittleEndian(Take(4)); stack.Add(Encoding.UTF8.GetString(Take(n))); break; }
                case 0x8c: { var n = U8(); stack.Add(Encoding.UTF8.GetString(Take(n))); break; }              // SHORT_BINUNICODE
                case 0x8d: { var n = BinaryPrimitives.ReadInt64LittleEndian(Take(8)); stack.Add(Encoding.UTF8.GetString(Take(n))); break; }
                case (byte)'T': { var n = BinaryPrimitives.ReadInt32LittleEndian(Take(4)); stack.Add(Encoding.Latin1.GetString(Take(n))); break; }
                case (byte)'U': { var n = U8(); stack.Add(Encoding.Latin1.GetString(Take(n))); break; }
                case (byte)'B': { var n = BinaryPrimitives.ReadUInt32LittleEndian(Take(4)); stack.Add(Take(n).ToArray()); break; }
                case (byte)'C': { var n = U8(); stack.Add(Take(n).ToArray()); break; }
                case 0x8e or 0x96: { var n = BinaryPrimitives.ReadInt64LittleEndian(Take(8)); stack.Add(Take(n).ToArray()); break; }
                case (byte)']': stack.Add(new List<object?>()); break;
                case (byte)'l': stack.Add(PopToMark()); break;
                case (byte)'a': { var v = Pop(); AsList(stack[^1], where).Add(v); break; }
                case (byte)'e': { var items = PopToMark(); AsList(stack[^1], where).AddRange(items); break; }
                case (byte)')': stack.Add(Array.Empty<object?>()); break;
                case (byte)'t': stack.Add(PopToMark().ToArray()); break;
                case 0x85: stack.Add(new[] { Pop() }); break;
                case 0x86: { var b = Pop(); var a = Pop(); stack.Add(new[] { a, b }); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); stack.Add(new[] { a, b, c }); break; }
                case (byte)'}': stack.Add(new PyDict()); break;
                case (byte)'d': { var d = new PyDict(); SetItems(d, PopToMark()); stack.Add(d); break; }
                case (byte)'s': { var v = Pop(); var k = Pop(); SetItems(AsDict(stack[^1], where), [k, v]); break; }
                case (byte)'u': { var items = PopToMark(); SetItems(AsDict(stack[^1], where), items); break; }
                case 0x8f: stack.Add(new List<object?>()); break;                                          // EMPTY_SET
                case 0x90: { var items = PopToMark(); AsList(stack[^1], where).AddRange(items); break; }  // ADDITEMS
                case 0x91: stack.Add(PopToMark()); break;                                                  // FROZENSET
                case (byte)'c': { var module = Line(); var name = Line(); stack.Add(new PyGlobal(module, name)); break; }
                case 0x93: { var name = (string)Pop()!; var module = (string)Pop()!; stack.Add(new PyGlobal(module, name)); break; }
                case (byte)'R': { var args = AsTuple(Pop(), where); var f = Pop(); stack.Add(Reduce(f, args, where)); break; }
                case 0x81: { var args = AsTuple(Pop(), where); var cls = Pop(); stack.Add(new PyObject(AsGlobal(cls, where), args)); break; }
                case 0x92: { Pop(); var args = AsTuple(Pop(), where); var cls = Pop(); stack.Add(new PyObject(AsGlobal(cls, where), args)); break; }
                case (byte)'b':
                {
                    var state = Pop();
                    if (stack[^1] is PyObject o) o.State = state;
                    // A dict's state is its instance __dict__ (a state_dict's _metadata): not part of its items.
                    break;
                }
                case (byte)'p': memo[long.Parse(Line(), CultureInfo.InvariantCulture)] = stack[^1]; break;
                case (byte)'q': memo[U8()] = stack[^1]; break;
                case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = stack[^1]; break;
                case 0x94: memo[memo.Count] = stack[^1]; break;                                           // MEMOIZE
                case (byte)'g': stack.Add(Memo(memo, long.Parse(Line(), CultureInfo.InvariantCulture), where)); break;
                case (byte)'h': stack.Add(Memo(memo, U8(), where)); break;
                case (byte)'j': stack.Add(Memo(memo, BinaryPrimitives.ReadUInt32LittleEndian(Take(4)), where)); break;
                case (byte)'Q': stack.Add(PersistentLoad(Pop(), where)); break;
                case (byte)'P': throw new InvalidDataException($"'{where}': text persistent ids are not torch.save's format");
                default: throw new InvalidDataException($"'{where}': unsupported pickle opcode 0x{op:x2} at byte {pos - 1}");
            }
        }
    }

    private static bool KeyEquals(object a, object b) =>
        a is object?[] ta && b is object?[] tb ? ta.Length == tb.Length && ta.Zip(tb).All(p => Equals(p.First, p.Second)) : Equals(a, b);

    private static object? Memo(Dictionary<long, object?> memo, long key, string where) =>
        memo.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"'{where}': pickle refers to memo entry {key}, which was never stored");

    private static List<object?> AsList(object? o, string where) =>
        o as List<object?> ?? throw new InvalidDataException($"'{where}': pickle appends to a {o?.GetType().Name ?? "None"}, not a list");

    private static PyDict AsDict(object? o, string where) =>
        o as PyDict ?? throw new InvalidDataException($"'{where}': pickle sets an item on a {o?.GetType().Name ?? "None"}, not a dict");

    private static object?[] AsTuple(object? o, string where) =>
        o as object?[] ?? throw new InvalidDataException($"'{where}': pickle expected an argument tuple, found {o?.GetType().Name ?? "None"}");

    private static PyGlobal AsGlobal(object? o, string where) =>
        o as PyGlobal ?? throw new InvalidDataException($"'{where}': pickle expected a class, found {o?.GetType().Name ?? "None"}");

    private static long AsLong(object? o, string what, string where) =>
        o is long l ? l : throw new InvalidDataException($"'{where}': {what} is {o?.GetType().Name ?? "None"}, expected an integer");

    private static long[] AsLongs(object? o, string what, string where) =>
        AsTuple(o, where).Select(x => AsLong(x, what, where)).ToArray();

    /// <summary>Calls the few constructors a state_dict needs; any other call is kept as a <see cref="PyObject"/>.</summary>
    private static object? Reduce(object? f, object?[] args, string where)
    {
        var g = AsGlobal(f, where);
        switch (g.Module, g.Name)
        {
            case ("collections", "OrderedDict") when args.Length == 0:
                return new PyDict();
            case ("torch._utils", "_rebuild_tensor_v2" or "_rebuild_tensor") when args.Length >= 4:
                var storage = args[0] as StorageRef ?? throw new InvalidDataException($"'{where}': a tensor's storage is a {args[0]?.GetType().Name ?? "None"}");
                return new TensorRef(storage, AsLong(args[1], "a storage offset", where), AsLongs(args[2], "a tensor size", where), AsLongs(args[3], "a tensor stride", where));
            case ("torch._utils", "_rebuild_parameter" or "_rebuild_parameter_with_state") when args.Length >= 1:
                return args[0];
            // libtorch's pickler (the kit's own archives, torch.jit) tags containers with their static type.
            case ("torch.jit._pickle", "restore_type_tag" or "build_intlist" or "build_floatlist" or "build_boollist" or "build_tensorlist") when args.Length >= 1:
                return args[0];
            default:
                return new PyObject(g, args);
        }
    }

    /// <summary>torch.save's persistent id: ("storage", storage class, key, location, element count).</summary>
    private static StorageRef PersistentLoad(object? pid, string where)
    {
        if (pid is not object?[] { Length: >= 5 } t || t[0] is not "storage")
            throw new InvalidDataException($"'{where}': unknown persistent id {pid} (not a torch.save storage record)");
        var type = AsGlobal(t[1], where);
        var key = t[2] as string ?? throw new InvalidDataException($"'{where}': a storage key is not a string");
        return new StorageRef(type.Name, key, AsLong(t[4], "a storage size", where));
    }
}
