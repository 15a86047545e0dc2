using System.Text.Json;

namespace Kit.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Base of every layer and model: named parameters, buffers and submodules (registered explicitly, in order),
        /// train/eval mode, device moves, and state dicts that round-trip through <see cref="TensorArchive"/>.
        /// </summary>
        public abstract class Module : IDisposable
        {
            private readonly OrderedDictionary<string, Parameter> ownParameters = new();
            private readonly OrderedDictionary<string, Tensor> ownBuffers = new();
            private readonly HashSet<string> nonPersistent = new();
            private readonly OrderedDictionary<string, Module> ownModules = new();

            /// <summary>True in training mode (dropout and drop path active).</summary>
            public bool training { get; private set; } = true;

            protected Parameter register_parameter(string name, Tensor data, bool requires_grad = true)
            {
                CheckName(name);
                var p = data as Parameter ?? new Parameter(data, requires_grad);
                ownParameters[name] = p;
                return p;
            }

            protected Tensor register_buffer(string name, Tensor tensor, bool persistent = true)
            {
                CheckName(name);
                tensor.DetachFromDisposeScope();
                ownBuffers[name] = tensor;
                if (!persistent) nonPersistent.Add(name);
                return tensor;
            }

            protected T register_module<T>(string name, T module) where T : Module
            {
                CheckName(name);
                ownModules[name] = module;
                return module;
            }

            private void CheckName(string name)
            {
                if (string.IsNullOrEmpty(name) || name.Contains('.'))
                    throw new ArgumentException($"module member name '{name}' must be non-empty and contain no '.'", nameof(name));
                if (ownParameters.ContainsKey(name) || ownBuffers.ContainsKey(name) || ownModules.ContainsKey(name))
                    throw new ArgumentException($"'{name}' is already registered in {GetType().Name}", nameof(name));
            }

            public IEnumerable<(string name, Module module)> named_children() => ownModules.Select(kv => (kv.Key, kv.Value));
            public IEnumerable<Module> children() => ownModules.Values;

            /// <summary>This module and every descendant, with dotted names ("" for this one).</summary>
            public IEnumerable<(string name, Module module)> named_modules(string prefix = "")
            {
                yield return (prefix, this);
                foreach (var (n, m) in named_children())
                    foreach (var x in m.named_modules(Join(prefix, n)))
                        yield return x;
            }

            public IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
            {
                foreach (var kv in ownParameters) yield return (kv.Key, kv.Value);
                if (!recurse) yield break;
                foreach (var (n, m) in named_children())
                    foreach (var (pn, p) in m.named_parameters())
                        yield return (Join(n, pn), p);
            }

            /// <summary>All parameters (PyTorch's parameters()).</summary>
            public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(x => x.parameter);

            public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true)
            {
                foreach (var kv in ownBuffers) yield return (kv.Key, kv.Value);
                if (!recurse) yield break;
                foreach (var (n, m) in named_children())
                    foreach (var (bn, b) in m.named_buffers())
                        yield return (Join(n, bn), b);
            }

            private static string Join(string a, string b) => a.Length == 0 ? b : a + "." + b;

            /// <summary>Total number of parameter elements.</summary>
            public long num_parameters() => parameters().Sum(p => p.numel());

            public Module train(bool mode = true)
            {
                training = mode;
                foreach (var m in children()) m.train(mode);
                return this;
            }

            public Module eval() => train(false);

            /// <summary>Moves every parameter and buffer to the device (parameters keep their identity).</summary>
            public Module to(Device device) => Apply(t => t.to(device));

            /// <summary>Converts floating-point parameters and buffers to the given type.</summary>
            public Module to(ScalarType type) => Apply(t => t.dtype.IsFloatingPoint() ? t.to(type) : t.to(t.dtype));

            private Module Apply(Func<Tensor, Tensor> f)
            {
                foreach (var (_, m) in named_modules())
                {
                    foreach (var kv in m.ownParameters)
                        using (var moved = f(kv.Value)) kv.Value.set_data(moved);
                    foreach (var name in m.ownBuffers.Keys.ToList())
                    {
                        var old = m.ownBuffers[name];
                        var moved = f(old).DetachFromDisposeScope();
                        m.ownBuffers[name] = moved;
                        old.Dispose();
                    }
                }
                return this;
            }

            /// <summary>Drops every parameter's gradient.</summary>
            public void zero_grad()
            {
                foreach (var p in parameters()) p.clear_grad();
            }

            /// <summary>Parameters and persistent buffers by dotted name (live tensors, not copies).</summary>
            public OrderedDictionary<string, Tensor> state_dict()
            {
                var d = new OrderedDictionary<string, Tensor>();
                foreach (var (name, m) in named_modules())
                {
                    foreach (var kv in m.ownParameters) d[Join(name, kv.Key)] = kv.Value;
                    foreach (var kv in m.ownBuffers)
                        if (!m.nonPersistent.Contains(kv.Key)) d[Join(name, kv.Key)] = kv.Value;
                }
                return d;
            }

            /// <summary>Copies values in. Strict mode requires exactly the same names; shapes must always match.</summary>
            public void load_state_dict(IReadOnlyDictionary<string, Tensor> source, bool strict = true)
            {
                var own = state_dict();
                if (strict)
                {
                    var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
                    var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
                    if (missing.Count > 0 || unexpected.Count > 0)
                        throw new ArgumentException($"state dict does not match {GetType().Name}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]");
                }
                using var _ = no_grad();
                foreach (var (name, target) in own)
                {
                    if (!source.TryGetValue(name, out var value)) continue;
                    var (ts, vs) = (target.shape, value.shape);
                    if (!ts.SequenceEqual(vs))
                        throw new ArgumentException($"state dict entry '{name}' has shape {Tensor.ShapeString(vs)} but the module expects {Tensor.ShapeString(ts)}");
                    target.copy_(value);
                }
            }

            /// <summary>Writes the state dict atomically in torch.save's format (Python: torch.load(path)).</summary>
            public void save(string path, object? metadata = null) =>
                TensorArchive.Save(path, state_dict(), metadata == null ? null : JsonSerializer.Serialize(metadata));

            public void load(string path, bool strict = true)
            {
                using var archive = TensorArchive.Load(path);
                load_state_dict(archive.Tensors, strict);
            }

            public virtual void Dispose()
            {
                foreach (var m in children()) m.Dispose();
                foreach (var p in ownParameters.Values) p.Dispose();
                foreach (var b in ownBuffers.Values) b.Dispose();
                GC.SuppressFinalize(this);
            }

            public override string ToString() => $"{GetType().Name}({num_parameters():N0} parameters)";
        }

        /// <summary>A module with one input and one output; <c>call(x)</c> runs <c>forward(x)</c>.</summary>
        public abstract class Module<T, TResult> : Module
        {
            public abstract TResult forward(T input);
            public TResult call(T input) => forward(input);
        }

        /// <summary>A module with two inputs.</summary>
        public abstract class Module<T1, T2, TResult> : Module
        {
            public abstract TResult forward(T1 input1, T2 input2);
            public TResult call(T1 input1, T2 input2) => forward(input1, input2);
        }
    }
}
