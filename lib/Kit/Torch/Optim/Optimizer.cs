using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kit.Torch.Optim;

/// <summary>
/// Base of the optimisers: parameter groups, zero_grad, and a state dict (tensors by "state.{index}.{name}" plus JSON
/// hyper-parameters and step counts) that checkpoints save with <see cref="TensorArchive"/>.
/// Parameters are indexed across groups in order, as PyTorch's optimizer.state_dict() does.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private readonly List<ParamGroup> groups;
    protected readonly Dictionary<Parameter, Dictionary<string, Tensor>> State = new(ReferenceEqualityComparer.Instance);
    protected readonly Dictionary<Parameter, long> Steps = new(ReferenceEqualityComparer.Instance);

    protected Optimizer(IEnumerable<ParamGroup> parameterGroups, double lr, double weight_decay)
    {
        if (lr < 0) throw new ArgumentOutOfRangeException(nameof(lr), $"learning rate must be >= 0, got {lr}");
        if (weight_decay < 0) throw new ArgumentOutOfRangeException(nameof(weight_decay), $"weight decay must be >= 0, got {weight_decay}");
        groups = parameterGroups.ToList();
        if (groups.Count == 0 || groups.All(g => g.Parameters.Count == 0)) throw new ArgumentException("optimizer got an empty parameter list");
        foreach (var g in groups)
        {
            g.lr = g.LrOverride ?? lr;
            g.weight_decay = g.WeightDecayOverride ?? weight_decay;
        }
        var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        foreach (var p in groups.SelectMany(g => g.Parameters))
            if (!seen.Add(p)) throw new ArgumentException("a parameter appears in more than one parameter group");
    }

    public IReadOnlyList<ParamGroup> param_groups => groups;

    /// <summary>Drops every gradient (set_to_none, PyTorch's default since 2.0).</summary>
    public void zero_grad()
    {
        foreach (var p in groups.SelectMany(g => g.Parameters)) p.clear_grad();
    }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void step()
    {
        using var scope = torch.NewDisposeScope();
        foreach (var g in groups)
        {
            var items = new List<(Parameter P, Tensor Grad, long Step)>(g.Parameters.Count);
            foreach (var p in g.Parameters)
            {
                var grad = p.grad;
                if (grad is null) continue;
                Steps[p] = Steps.GetValueOrDefault(p) + 1;
                items.Add((p, grad, Steps[p]));
            }
            if (items.Count > 0) UpdateGroup(g, items);
        }
    }

    /// <summary>The update of one group's parameters that have gradients (steps already counted); by default one
    /// <see cref="Update"/> per parameter. Optimisers with a multi-tensor form override it.</summary>
    protected virtual void UpdateGroup(ParamGroup group, IReadOnlyList<(Parameter P, Tensor Grad, long Step)> items)
    {
        foreach (var (p, grad, step) in items) Update(group, p, grad, step);
    }

    /// <summary>One parameter's update; <paramref name="step"/> counts from 1.</summary>
    protected abstract void Update(ParamGroup group, Parameter p, Tensor grad, long step);

    /// <summary>Creates (once) a zero state tensor shaped like the parameter.</summary>
    protected Tensor StateTensor(Parameter p, string name)
    {
        if (!State.TryGetValue(p, out var s)) State[p] = s = new Dictionary<string, Tensor>();
        if (!s.TryGetValue(name, out var t))
        {
            t = torch.zeros_like(p).DetachFromDisposeScope();
            s[name] = t;
        }
        return t;
    }

    protected abstract JsonObject Hyperparameters();

    /// <summary>Optimiser state: tensors (live references) and JSON with hyper-parameters, group lrs and step counts.</summary>
    public (OrderedDictionary<string, Tensor> tensors, string json) state_dict()
    {
        var tensors = new OrderedDictionary<string, Tensor>();
        var steps = new JsonObject();
        var index = 0;
        foreach (var p in groups.SelectMany(g => g.Parameters))
        {
            var key = index.ToString(CultureInfo.InvariantCulture);
            if (State.TryGetValue(p, out var s))
                foreach (var (name, t) in s) tensors[$"state.{key}.{name}"] = t;
            if (Steps.TryGetValue(p, out var n)) steps[key] = n;
            index++;
        }
        var groupsJson = new JsonArray(groups.Select(g => (JsonNode)new JsonObject
        {
            ["name"] = g.name, ["lr"] = g.lr, ["weight_decay"] = g.weight_decay, ["lr_scale"] = g.lr_scale, ["params"] = g.Parameters.Count,
        }).ToArray());
        var meta = new JsonObject { ["type"] = GetType().Name, ["hyper"] = Hyperparameters(), ["groups"] = groupsJson, ["steps"] = steps };
        return (tensors, meta.ToJsonString());
    }

    /// <summary>Restores state saved by <see cref="state_dict"/> for the same parameter layout.</summary>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> tensors, string json)
    {
        var meta = JsonNode.Parse(json)?.AsObject() ?? throw new ArgumentException("optimizer state JSON is empty");
        var type = meta["type"]?.GetValue<string>();
        if (type != GetType().Name) throw new ArgumentException($"optimizer state was saved by {type}, cannot load into {GetType().Name}");
        var savedGroups = meta["groups"]!.AsArray();
        if (savedGroups.Count != groups.Count) throw new ArgumentException($"optimizer state has {savedGroups.Count} parameter groups, this optimizer has {groups.Count}");
        for (var i = 0; i < groups.Count; i++)
        {
            var sg = savedGroups[i]!.AsObject();
            if (sg["params"]!.GetValue<int>() != groups[i].Parameters.Count)
                throw new ArgumentException($"parameter group {i} had {sg["params"]} parameters when saved, now {groups[i].Parameters.Count}");
            groups[i].lr = sg["lr"]!.GetValue<double>();
            groups[i].weight_decay = sg["weight_decay"]!.GetValue<double>();
            groups[i].lr_scale = sg["lr_scale"]!.GetValue<double>();
        }
        var steps = meta["steps"]!.AsObject();
        var all = groups.SelectMany(g => g.Parameters).ToList();
        using var _ = torch.no_grad();
        for (var index = 0; index < all.Count; index++)
        {
            var p = all[index];
            var key = index.ToString(CultureInfo.InvariantCulture);
            if (steps[key] is { } n) Steps[p] = n.GetValue<long>(); else Steps.Remove(p);
            var prefix = $"state.{key}.";
            foreach (var (name, t) in tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)))
                StateTensor(p, name[prefix.Length..]).copy_(t);
        }
    }

    public void Dispose()
    {
        foreach (var s in State.Values)
            foreach (var t in s.Values) t.Dispose();
        State.Clear();
        GC.SuppressFinalize(this);
    }

    internal static JsonObject ToJson(object o) => JsonSerializer.SerializeToNode(o)!.AsObject();
}
