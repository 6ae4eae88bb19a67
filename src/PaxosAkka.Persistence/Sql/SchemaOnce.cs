namespace PaxosAkka.Persistence.Sql;

/// <summary>
/// Runs a store's schema check exactly once, on first use: many actors may hit a fresh store at the same
/// moment, and only one of them must create the tables while the others wait for it. A failed attempt is
/// not remembered, so the next call tries again (the database may just have been unreachable).
/// </summary>
internal sealed class SchemaOnce : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile bool _done;

    /// <summary>True once <see cref="EnsureAsync"/> has succeeded.</summary>
    public bool IsDone => _done;

    /// <summary>Runs <paramref name="initialize"/> unless an earlier call already succeeded.</summary>
    public async Task EnsureAsync(Func<CancellationToken, Task> initialize, CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_done)
            {
                await initialize(cancellationToken).ConfigureAwait(false);
                _done = true;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
