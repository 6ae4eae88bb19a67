namespace PaxosAkka.Actors.Internal;

/// <summary>
/// Failure handling (Akka's FaultHandling): a failing actor suspends itself and its children and reports
/// <see cref="Failed"/> to its parent, whose strategy answers with Resume, Recreate or Terminate. The mailbox
/// is kept across restarts; only the message that failed is not retried.
/// </summary>
internal sealed partial class ActorCell
{
    private bool _isFailed;
    private object? _messageAtFailure;
    private Exception? _pendingRecreateCause;

    private void HandleInvokeFailure(Exception cause, bool isEscalation)
    {
        if (_terminating)
        {
            RuntimeLog.LogErrorFailureWhileStopping(System.Log, cause, Self.Path);
            return;
        }

        if (_isFailed) return;
        _isFailed = true;
        _suspendCount++;
        _messageAtFailure = _currentEnvelope.Message;
        SendToChildren(new Suspend());
        ParentRef.SendSystemMessage(new Failed(SelfRef, cause, SelfRef.Path.Uid, isEscalation));
    }

    private void FaultSuspend()
    {
        _suspendCount++;
        SendToChildren(new Suspend());
    }

    private void FaultResume(Exception? causedByFailure)
    {
        if (_terminating) return;
        if (causedByFailure is not null) _isFailed = false;
        if (_suspendCount > 0) _suspendCount--;
        SendToChildren(new Resume(null));
    }

    private void FaultRecreate(Exception cause)
    {
        if (_terminating) return;
        if (_actor is null)
        {
            // Construction itself failed: just try to create again.
            _isFailed = false;
            if (_suspendCount > 0) _suspendCount--;
            CreateActor();
            return;
        }

        var failed = _actor;
        _timers?.CancelAll();
        CancelReceiveTimeout();
        ReturnStashToMailbox();
        try
        {
            failed.InvokePreRestart(cause, _messageAtFailure);
        }
        catch (Exception e)
        {
            RuntimeLog.LogErrorPreRestartFailed(System.Log, e, Self.Path);
        }

        if (_stoppingChildren.Count > 0)
        {
            _pendingRecreateCause = cause;
            return;
        }

        FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        var survivors = OrderedChildren().Where(c => !_stoppingChildren.Contains(c)).ToList();
        _isFailed = false;
        _messageAtFailure = null;
        try
        {
            _actor = NewActorInstance();
            _actor.InvokePostRestart(cause);
        }
        catch (Exception e)
        {
            HandleInvokeFailure(
                new ActorInitializationException($"Exception during restart of {Self}: {e.Message}", e) { Actor = Self },
                isEscalation: false);
            return;
        }

        if (_suspendCount > 0) _suspendCount--;
        foreach (var child in survivors) child.SendSystemMessage(new Recreate(cause));
    }

    private void HandleFailed(Failed failed)
    {
        if (_terminating) return;
        if (failed.Child is not LocalActorRef child
            || !_children.TryGetValue(child.Path.Name, out var known)
            || !ReferenceEquals(known, child))
        {
            return; // A stale failure from a child that is already gone.
        }

        if (SelfRef.IsGuardian && failed.IsEscalation)
        {
            System.OnGuardianEscalation(failed.Child, failed.Cause);
            return;
        }

        var strategy = Props.SupervisorStrategy
            ?? _actor?.InvokeSupervisorStrategy()
            ?? Supervision.SupervisorStrategy.DefaultStrategy;
        if (!strategy.HandleFailure(this, child, failed.Cause))
        {
            HandleInvokeFailure(failed.Cause, isEscalation: true);
        }
    }

    internal IReadOnlyCollection<LocalActorRef> ChildRefs => OrderedChildren();

    /// <summary>Supervisor actions used by the strategies.</summary>
    internal static void ResumeChild(LocalActorRef child, Exception cause) => child.SendSystemMessage(new Resume(cause));

    internal static void RestartChild(LocalActorRef child, Exception cause, bool suspendFirst)
    {
        if (suspendFirst) child.SendSystemMessage(new Suspend());
        child.SendSystemMessage(new Recreate(cause));
    }

    internal void StopChild(LocalActorRef child) => Stop(child);
}
