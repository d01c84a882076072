namespace Descent;

/// <summary>
/// Reuses the storage of temporary tensors: inside a <see cref="Scope"/>, every tensor allocated on this thread takes its array
/// from a per-thread pool (bucketed by dtype and exact length), and gives it back when the scope ends. A training step opened in a
/// scope therefore allocates no tensor storage in steady state.
/// </summary>
/// <remarks>
/// <para><b>Safety.</b> When a scope ends, every tensor allocated inside it (and every view of one) is <i>released</i>: its
/// array may be handed to a later tensor, and any further use of the released tensor throws
/// <see cref="InvalidOperationException"/>; it never silently reads or writes another tensor's data. Tensors allocated outside
/// any scope are never pooled. To take a result out of a scope, <see cref="Keep"/> it or <see cref="Tensor.Clone"/> it
/// (<c>Clone</c> always allocates unpooled storage, so <c>x.Detach().Clone()</c> is the idiom).</para>
/// <para><b>What the library keeps unpooled.</b> Leaf gradients (<see cref="Tensor.Grad"/>, allocated on the first backward
/// and then accumulated in place), optimizer state and module parameters and buffers are allocated with pooling suspended or
/// outside scopes; buffers such as batch-norm statistics are updated in place. A gradient stored with <c>createGraph: true</c>
/// is kept.</para>
/// <para><b>Backward.</b> Inside a scope, a first-order <see cref="Tensor.Backward"/> returns each gradient temporary (and
/// the intermediates of each backward rule) to the pool as soon as nothing can read it again, so a step needs storage for its
/// activations and a few gradients at a time. <see cref="Autograd.Grad"/> and <c>createGraph: true</c> do not release early.</para>
/// <para>Scopes nest; each releases only what was allocated while it was the innermost one. They must be disposed in reverse
/// order of opening, on the thread that opened them. There is no counterpart in PyTorch, whose reference counting frees
/// storage as soon as the last tensor using it dies; .NET's tracing collector cannot tell the library when that happens, so the
/// lifetime is made explicit instead.</para>
/// </remarks>
public static class TensorPool
{
    [ThreadStatic]
    private static LocalPool? _current;

    /// <summary>Whether a scope is open on this thread (and pooling is not suspended).</summary>
    public static bool IsActive => _current is { Depth: > 0, Suspended: 0 };

    /// <summary>Bytes of storage currently cached in this thread's pool, ready for reuse.</summary>
    public static long CachedBytes => _current?.CachedBytes ?? 0;

    /// <summary>
    /// Opens a scope on this thread (<c>using (TensorPool.Scope()) { … }</c>): tensors allocated until it is disposed use pooled
    /// storage and are released when it is.
    /// </summary>
    public static PoolScope Scope()
    {
        var pool = _current ??= new LocalPool();
        return new PoolScope(pool, pool.Open());
    }

    /// <summary>
    /// Suspends pooling on this thread until the returned scope is disposed: tensors allocated meanwhile get ordinary storage
    /// that no scope releases (for long-lived state created during a step).
    /// </summary>
    public static SuspendScope Suspend()
    {
        var pool = _current;
        if (pool != null)
        {
            pool.Suspended++;
        }

        return new SuspendScope(pool);
    }

    /// <summary>
    /// Exempts <paramref name="tensor"/>'s storage (and so every view of it) from release: it stays valid after its scope ends and
    /// is never reused. Does nothing for a tensor whose storage is not pooled.
    /// </summary>
    /// <returns><paramref name="tensor"/>, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The tensor was already released.</exception>
    public static Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.CheckLive();
        if (tensor.Block is { } block)
        {
            block.Kept = true;
        }

        return tensor;
    }

    /// <summary>Drops every array cached in this thread's pool (arrays in use by open scopes are not affected).</summary>
    public static void Trim() => _current?.Trim();

    /// <summary>Pooled storage for a new tensor, or null when no scope is open (the caller then allocates normally).</summary>
    internal static Tensor? Rent(Shape shape, DType dtype)
    {
        var pool = _current;
        if (pool == null || pool.Depth == 0 || pool.Suspended != 0 || shape.Numel == 0)
        {
            return null;
        }

        return pool.Rent(shape, dtype);
    }

    /// <summary>
    /// A position in this thread's innermost scope: tensors allocated after it can later be returned early with
    /// <see cref="ReleaseEarly"/>. −1 when no scope is open (or pooling is suspended), which disables early release.
    /// </summary>
    internal static int Mark()
    {
        var pool = _current;
        return pool == null || pool.Depth == 0 || pool.Suspended != 0 ? -1 : pool.InnermostCount;
    }

    /// <summary>
    /// Whether <paramref name="tensor"/>'s storage was allocated in this thread's innermost scope after <paramref name="mark"/>
    /// and is still live and not kept, so that <see cref="ReleaseEarly"/> may return it.
    /// </summary>
    internal static bool IsReleasable(Tensor tensor, int mark)
    {
        var pool = _current;
        return mark >= 0 && pool != null && tensor.Block is { Kept: false } block && block.Generation == tensor.BlockGeneration
            && pool.Owns(block, mark);
    }

    /// <summary>
    /// Returns <paramref name="tensor"/>'s storage to the pool before its scope ends (it must pass <see cref="IsReleasable"/>).
    /// Only for tensors whose every user is known to the caller: the backward pass's own gradient temporaries.
    /// </summary>
    internal static void ReleaseEarly(Tensor tensor) => _current!.ReleaseEarly(tensor.Block!);

    /// <summary>
    /// Returns every block allocated in the innermost scope from position <paramref name="from"/> on, except kept ones and those
    /// behind a value of <paramref name="live"/>: the temporaries of one backward rule, once its results are filed.
    /// </summary>
    internal static void ReleaseSince(int from, Dictionary<Tensor, Tensor> live)
    {
        var pool = _current;
        if (from < 0 || pool == null || pool.Depth == 0)
        {
            return;
        }

        pool.ReleaseSince(from, live);
    }

    /// <summary>The scope returned by <see cref="TensorPool.Scope"/>; disposing it releases the scope's tensors.</summary>
    public readonly struct PoolScope : IDisposable
    {
        private readonly LocalPool? _pool;
        private readonly int _depth;

        internal PoolScope(LocalPool pool, int depth)
        {
            _pool = pool;
            _depth = depth;
        }

        /// <summary>Releases every tensor allocated in this scope that was not kept.</summary>
        /// <exception cref="InvalidOperationException">An inner scope is still open, or another thread disposes the scope.</exception>
        public void Dispose() => _pool?.Close(_depth);
    }

    /// <summary>The scope returned by <see cref="Suspend"/>; disposing it resumes pooling.</summary>
    public readonly struct SuspendScope : IDisposable
    {
        private readonly LocalPool? _pool;

        internal SuspendScope(LocalPool? pool) => _pool = pool;

        /// <summary>Resumes pooling.</summary>
        public void Dispose()
        {
            if (_pool != null)
            {
                _pool.Suspended--;
            }
        }
    }

    /// <summary>One pooled array. <see cref="Generation"/> advances each time it is released, which invalidates its old tensors.</summary>
    internal sealed class Block(Array array)
    {
        public readonly Array Array = array;
        public int Generation;
        public bool Kept;

        /// <summary>Position in the owning scope's list, so an early release can remove it in O(1).</summary>
        public int Slot = -1;
    }

    /// <summary>The per-thread pool: free lists by dtype and length, and the blocks in use by each open scope.</summary>
    internal sealed class LocalPool
    {
        private readonly Dictionary<int, Stack<Block>> _free32 = [];
        private readonly Dictionary<int, Stack<Block>> _free64 = [];
        private readonly List<List<Block?>> _scopes = [];
        private readonly int _threadId = Environment.CurrentManagedThreadId;

        public int Depth;
        public int Suspended;
        public long CachedBytes;

        public int Open()
        {
            if (_scopes.Count == Depth)
            {
                _scopes.Add([]);
            }

            return ++Depth;
        }

        public void Close(int depth)
        {
            if (Environment.CurrentManagedThreadId != _threadId)
            {
                throw new InvalidOperationException("TensorPool: a scope must be disposed on the thread that opened it");
            }

            if (depth != Depth)
            {
                throw new InvalidOperationException(depth > Depth
                    ? "TensorPool: this scope was already disposed"
                    : "TensorPool: scopes must be disposed in reverse order of opening; an inner scope is still open");
            }

            var list = _scopes[depth - 1];
            foreach (var block in list)
            {
                if (block != null)
                {
                    block.Slot = -1;
                    if (!block.Kept)
                    {
                        Return(block);
                    }
                }
            }

            list.Clear();
            Depth--;
        }

        public Tensor Rent(Shape shape, DType dtype)
        {
            int n = shape.Numel;
            var free = dtype == DType.Float32 ? _free32 : _free64;
            Block block;
            if (free.TryGetValue(n, out var stack) && stack.TryPop(out var reused))
            {
                block = reused;
                CachedBytes -= (long)n * dtype.ElementSize();
                if (dtype == DType.Float32)
                {
                    ((float[])block.Array).AsSpan().Clear();
                }
                else
                {
                    ((double[])block.Array).AsSpan().Clear();
                }
            }
            else
            {
                block = new Block(dtype == DType.Float32 ? new float[n] : new double[n]);
            }

            var list = _scopes[Depth - 1];
            block.Slot = list.Count;
            list.Add(block);
            return new Tensor(block.Array, 0, shape, block, block.Generation);
        }

        public int InnermostCount => _scopes[Depth - 1].Count;

        public bool Owns(Block block, int mark)
        {
            if (Depth == 0)
            {
                return false;
            }

            var list = _scopes[Depth - 1];
            int slot = block.Slot;
            return slot >= mark && slot < list.Count && ReferenceEquals(list[slot], block);
        }

        public void ReleaseSince(int from, Dictionary<Tensor, Tensor> live)
        {
            var list = _scopes[Depth - 1];
            for (int slot = from; slot < list.Count; slot++)
            {
                var block = list[slot];
                if (block == null || block.Kept || IsLive(block, live))
                {
                    continue;
                }

                list[slot] = null;
                block.Slot = -1;
                Return(block);
            }

            static bool IsLive(Block block, Dictionary<Tensor, Tensor> live)
            {
                foreach (var t in live.Values)
                {
                    if (ReferenceEquals(t.Block, block))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        public void ReleaseEarly(Block block)
        {
            var list = _scopes[Depth - 1];
            int slot = block.Slot;
            if (slot < 0 || slot >= list.Count || !ReferenceEquals(list[slot], block))
            {
                return;
            }

            list[slot] = null;
            block.Slot = -1;
            Return(block);
        }

        public void Trim()
        {
            _free32.Clear();
            _free64.Clear();
            CachedBytes = 0;
        }

        private void Return(Block block)
        {
            block.Generation++;
            var free = block.Array is float[]? _free32 : _free64;
            int n = block.Array.Length;
            if (!free.TryGetValue(n, out var stack))
            {
                stack = new Stack<Block>();
                free[n] = stack;
            }

            stack.Push(block);
            CachedBytes += (long)n * (block.Array is float[]? sizeof(float) : sizeof(double));
        }
    }
}
