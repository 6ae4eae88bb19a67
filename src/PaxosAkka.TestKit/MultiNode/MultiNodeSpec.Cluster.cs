using PaxosAkka.Cluster;

namespace PaxosAkka.TestKit.MultiNode;

/// <summary>Cluster helpers (Akka's <c>MultiNodeClusterSpec</c>): await a membership condition on several nodes.</summary>
public sealed partial class MultiNodeSpec
{
    /// <summary>
    /// Waits until every node of <paramref name="on"/> (default: all running) sees exactly
    /// <paramref name="count"/> members, all Up (Akka's <c>awaitMembersUp</c>).
    /// </summary>
    public Task AwaitMembersUpAsync(int count, TimeSpan? timeout = null, IEnumerable<RoleName>? on = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return AwaitViewsAsync(
            on,
            v => v.Members.Count == count && v.UpCount == count,
            $"{count} members Up",
            timeout);
    }

    /// <summary>Waits until no node of <paramref name="on"/> (default: all running) sees any member unreachable.</summary>
    public Task AwaitAllReachableAsync(TimeSpan? timeout = null, IEnumerable<RoleName>? on = null) =>
        AwaitViewsAsync(on, v => v.Unreachable.Count == 0, "all members reachable", timeout);

    /// <summary>
    /// Asserts (awaiting convergence) that the nodes of <paramref name="roles"/> all name as leader the lowest
    /// address among them (Akka's <c>assertLeader</c>: the leader is the first reachable Up member by address).
    /// </summary>
    public Task AssertLeaderAsync(params RoleName[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentOutOfRangeException.ThrowIfZero(roles.Length);
        var expected = roles.Select(Node).Min()!;
        return AwaitViewsAsync(roles, v => v.Leader == expected, $"leader {expected}", timeout: null);
    }

    /// <summary>Waits until every node of <paramref name="on"/> no longer lists <paramref name="gone"/>'s incarnation as a member.</summary>
    public Task AwaitRemovedAsync(NodeAddress gone, long uid, IEnumerable<RoleName> on, TimeSpan? timeout = null) =>
        AwaitViewsAsync(on, v => !v.Members.Any(m => m.Address == gone && m.Uid == uid), $"{gone}#{uid} removed", timeout);

    /// <summary>Waits until <paramref name="role"/>'s node has stopped (downed, left or exited).</summary>
    public Task AwaitStoppedAsync(RoleName role, TimeSpan? timeout = null)
    {
        var node = Handle(role);
        return AwaitAsync(() => Task.FromResult(node.HasStopped), $"{node} to stop", timeout);
    }

    /// <summary>
    /// Polls the views of <paramref name="on"/> until <paramref name="condition"/> holds for all of them; on the
    /// deadline fails with what was awaited and every node's last view.
    /// </summary>
    public async Task AwaitViewsAsync(IEnumerable<RoleName>? on, Func<ClusterView, bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        RoleName[] roles = [.. on ?? Running(null).Select(n => n.Role)];
        IReadOnlyList<ClusterView> last = [];
        try
        {
            await AwaitAsync(
                async () =>
                {
                    last = await Task.WhenAll(roles.Select(r => Handle(r).ViewAsync()));
                    return last.All(condition);
                },
                $"[{string.Join(", ", roles)}] to see {what}",
                timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last views:\n  {string.Join("\n  ", last)}", e);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; throws a <see cref="TimeoutException"/> naming <paramref name="what"/> at the deadline (default: patience).</summary>
    public Task AwaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        Conditions.AwaitAsync(condition, what, timeout ?? Options.Patience);
}
