using System.Threading.Channels;

namespace PaxosAkka.Persistence.Sql;

/// <summary>
/// Group commit: callers enqueue write requests; one loop takes everything queued (up to a limit) and hands it
/// to <c>commit</c> as one transaction. While a commit is fsyncing, new requests pile up and ride the next one,
/// so durable throughput grows with the number of concurrent writers while each request is still
/// acknowledged only after the commit that carried it.
/// </summary>
/// <typeparam name="TRequest">What one caller wants written.</typeparam>
internal sealed class GroupCommitWriter<TRequest> : IAsyncDisposable
    where TRequest : GroupCommitRequest
{
    private readonly Channel<TRequest> _queue;
    private readonly Func<IReadOnlyList<TRequest>, CancellationToken, Task> _commit;
    private readonly Func<TRequest, int> _weight;
    private readonly int _maxBatchWeight;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="commit">
    /// Writes the group in one transaction and completes each request itself (some may be rejected before the
    /// transaction). If it throws, every request it did not complete is failed with that error.
    /// </param>
    /// <param name="weight">Size of a request (events), to bound a transaction.</param>
    /// <param name="maxBatchWeight">Largest group; a single heavier request still goes alone.</param>
    /// <param name="queueCapacity">Requests waiting before <see cref="EnqueueAsync"/> waits too (back-pressure).</param>
    public GroupCommitWriter(
        Func<IReadOnlyList<TRequest>, CancellationToken, Task> commit, Func<TRequest, int> weight, int maxBatchWeight, int queueCapacity)
    {
        _commit = commit;
        _weight = weight;
        _maxBatchWeight = maxBatchWeight;
        _queue = Channel.CreateBounded<TRequest>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Number of transactions the loop has run (committed or failed).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    private long _transactions;

    /// <summary>Queues <paramref name="request"/> and returns once its transaction committed (or it failed).</summary>
    public async Task EnqueueAsync(TRequest request, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(static r => ((GroupCommitRequest)r!).TryCancel(), request);
        try
        {
            await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException("The journal is disposed.");
        }

        await request.Completion.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var group = new List<TRequest>();
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                group.Clear();
                var weight = 0;
                while (weight < _maxBatchWeight && reader.TryPeek(out var next))
                {
                    var nextWeight = _weight(next);
                    if (group.Count > 0 && weight + nextWeight > _maxBatchWeight)
                    {
                        break;
                    }

                    reader.TryRead(out _);
                    if (next.TryStart())
                    {
                        group.Add(next);
                        weight += nextWeight;
                    }
                }

                if (group.Count > 0)
                {
                    await CommitGroupAsync(group).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposal: whatever is still queued was never written; say so to its callers.
        }

        while (reader.TryRead(out var left))
        {
            left.Fail(new ObjectDisposedException("The journal was disposed before this write ran; it was not written."));
        }
    }

    private async Task CommitGroupAsync(List<TRequest> group)
    {
        Interlocked.Increment(ref _transactions);
        try
        {
            await _commit(group, _stop.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure of the transaction must reach every waiter in it, whatever its type.
        catch (Exception e)
#pragma warning restore CA1031
        {
            foreach (var request in group)
            {
                request.Fail(e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Let queued writes finish: completing the channel ends the loop once it is drained.
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}

/// <summary>
/// One caller's write, with a tiny state machine so cancellation and the writer loop never both claim it:
/// queued → started (its outcome is now the transaction's) or queued → cancelled (never written).
/// </summary>
internal abstract class GroupCommitRequest
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Cancelled = 2;

    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    public Task Completion => _completion.Task;

    public bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Queued) == Queued;

    public void TryCancel()
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            _completion.TrySetCanceled();
        }
    }

    public void Succeed() => _completion.TrySetResult();

    public void Fail(Exception error) => _completion.TrySetException(error);
}
