namespace Kit.Torch;

/// <summary>
/// Frees native tensor memory deterministically. Every tensor created on a thread while a scope is open belongs to the
/// innermost scope and is freed when the scope is disposed — the pattern of a training step:
/// <code>
/// using (var scope = torch.NewDisposeScope()) {
///     var loss = model.call(x).sub(y).square().mean();   // every intermediate is owned by the scope
///     loss.backward(); optimizer.step();
/// }                                                        // ...and freed here
/// </code>
/// Keep a result past the scope with <see cref="MoveToOuter{T}"/> (or tensor.MoveToOuterDisposeScope()).
/// Parameters, buffers and optimiser state never belong to a scope. Scopes are per thread and nest.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly DisposeScope? outer;
    private readonly HashSet<Tensor> owned = new(ReferenceEqualityComparer.Instance);
    private bool disposed;

    internal DisposeScope()
    {
        outer = current;
        current = this;
    }

    /// <summary>The innermost open scope on this thread, or null.</summary>
    public static DisposeScope? Current => current;

    /// <summary>Number of live tensors this scope will free.</summary>
    public int Count => owned.Count;

    internal void Own(Tensor t)
    {
        owned.Add(t);
        t.OwningScope = this;
    }

    internal void Release(Tensor t)
    {
        owned.Remove(t);
        t.OwningScope = null;
    }

    /// <summary>Hands the tensor to the enclosing scope (or to no scope: then the caller owns it).</summary>
    public T MoveToOuter<T>(T tensor) where T : Tensor
    {
        if (tensor.OwningScope == this) Release(tensor);
        if (outer is { disposed: false }) outer.Own(tensor);
        return tensor;
    }

    /// <summary>Removes the tensor from every scope: the caller now owns it and must dispose it.</summary>
    public T Detach<T>(T tensor) where T : Tensor
    {
        if (tensor.OwningScope == this) Release(tensor);
        return tensor;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var t in owned)
        {
            t.OwningScope = null;
            t.Free();
        }
        owned.Clear();
        if (current == this) current = outer;
    }
}
