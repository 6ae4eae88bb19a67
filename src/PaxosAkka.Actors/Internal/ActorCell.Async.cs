using System.Runtime.ExceptionServices;

namespace PaxosAkka.Actors.Internal;

/// <summary>
/// <c>ReceiveAsync</c> support: while a handler's task runs, user messages wait (system messages do not), and
/// continuations are posted back as system messages so they run on the actor's turn, on any dispatcher
/// (including the deterministic one). <c>Sender</c> stays the sender of the message being handled.
/// </summary>
internal sealed partial class ActorCell
{
    private ActorSynchronizationContext? _syncContext;

    internal void RunTask(Func<Task> body)
    {
        var task = RunWithActorContext(body);
        if (task.IsCompleted)
        {
            if (task.Exception is { } error) ExceptionDispatchInfo.Capture(error.InnerException ?? error).Throw();
            return;
        }

        _awaitingTask = true;
        task.ContinueWith(
            static (t, state) => ((ActorCell)state!).SendSystemMessage(new AsyncTaskCompleted(t)),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private Task RunWithActorContext(Func<Task> body)
    {
        _syncContext ??= new ActorSynchronizationContext(this);
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        try
        {
            return body();
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void RunContinuationInActor(RunContinuation continuation)
    {
        if (_terminated) return;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void HandleAsyncTaskCompleted(Task task)
    {
        _awaitingTask = false;
        if (task.IsFaulted)
        {
            var error = task.Exception!.InnerException ?? task.Exception;
            HandleInvokeFailure(error, isEscalation: false);
        }
        else if (task.IsCanceled)
        {
            HandleInvokeFailure(new TaskCanceledException(task), isEscalation: false);
        }
    }

    /// <summary>Posts continuations into the actor's mailbox as system messages.</summary>
    private sealed class ActorSynchronizationContext(ActorCell cell) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state)
            => cell.SendSystemMessage(new RunContinuation(d, state));

        public override void Send(SendOrPostCallback d, object? state)
            => throw new NotSupportedException("Synchronous Send into an actor would deadlock; use Post.");

        public override SynchronizationContext CreateCopy() => this;
    }
}
