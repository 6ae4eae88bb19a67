using PaxosAkka.Node.Simulation;

namespace PaxosAkka.Node.Tests.Simulation;

/// <summary>Fault injection: crashes (and restarts), pauses and partitions, each undone after a seeded while.</summary>
internal sealed partial class ClusterSimulation
{
    private readonly List<(DateTimeOffset At, long Sequence, string What, Action Undo)> _recoveries = [];
    private DateTimeOffset _nextFaultAt;
    private long _recoverySequence;
    private int _crashes;
    private int _pauses;
    private int _partitions;
    private bool _partitioned;

    private TimeSpan NextFaultDelay()
    {
        double mean = _options.MeanTimeBetweenFaults.TotalMilliseconds;
        return TimeSpan.FromMilliseconds(mean / 2 + (_faultRandom.NextDouble() * mean));
    }

    private TimeSpan Between(int minMilliseconds, int maxMilliseconds) =>
        TimeSpan.FromMilliseconds(_faultRandom.Next(minMilliseconds, maxMilliseconds + 1));

    private DateTimeOffset? NextRecovery() => _recoveries.Count == 0 ? null : _recoveries.Min(r => r.At);

    private void InjectFault()
    {
        switch (_faultRandom.Next(3))
        {
            case 0:
                // At most a bare majority down at once: sometimes the rest has no quorum (writes must then
                // answer unknown, never succeed falsely), and the cluster can always come back.
                var up = _nodes.Where(n => n.Current is not null).ToList();
                if (_nodes.Length - up.Count < (_nodes.Length + 1) / 2)
                {
                    var victim = up[_faultRandom.Next(up.Count)];
                    Crash(victim);
                    Later(Between(100, 1500), $"restart n{victim.Id}", () => Start(victim));
                }

                break;
            case 1:
                var running = _nodes.Where(n => n.Current?.Gate.State == SimulatedProcessState.Running).ToList();
                if (running.Count > 0)
                {
                    var paused = running[_faultRandom.Next(running.Count)];
                    var incarnation = paused.Current!;
                    incarnation.Gate.Pause();
                    _pauses++;
                    Record($"n{paused.Id} paused");
                    Later(Between(50, 1500), $"resume n{paused.Id}", incarnation.Gate.Resume);
                }

                break;
            default:
                if (!_partitioned && _nodes.Length > 1)
                {
                    int size = _faultRandom.Next(1, (_nodes.Length / 2) + 1);
                    var side = _nodes.Select(n => n.Id).OrderBy(_ => _faultRandom.Next()).Take(size).ToList();
                    _network.Partition(side, _nodes.Select(n => n.Id));
                    _partitioned = true;
                    _partitions++;
                    Record($"partition {{{string.Join(",", side)}}} from the rest");
                    Later(Between(100, 1500), "heal", () =>
                    {
                        _network.Heal();
                        _partitioned = false;
                    });
                }

                break;
        }
    }

    /// <summary>SIGKILL: the incarnation stops at once, its timers with it, and its disk keeps only what was flushed.</summary>
    private void Crash(NodeSlot node)
    {
        var incarnation = node.Current!;
        incarnation.Gate.Crash();
        incarnation.Clock.Stop();
        _network.Detach(node.Id);
        node.Disk.Crash();
        node.Current = null;
        _crashes++;
        Record($"n{node.Id} crashes (incarnation {incarnation.Number})");
        AbortAttemptsOn(node.Id);
    }

    private void Later(TimeSpan delay, string what, Action undo) =>
        _recoveries.Add((_clock.GetUtcNow() + delay, ++_recoverySequence, what, undo));

    private void RunDueRecoveries(DateTimeOffset now)
    {
        foreach (var recovery in _recoveries.Where(r => r.At <= now).OrderBy(r => r.At).ThenBy(r => r.Sequence).ToList())
        {
            _recoveries.Remove(recovery);
            Record(recovery.What);
            recovery.Undo();
        }
    }

    /// <summary>End of the fault window: every undo runs now (restarts, resumes, heal) so the cluster can settle.</summary>
    private void RecoverEverything()
    {
        RunDueRecoveries(DateTimeOffset.MaxValue);
        Record("faults over; cluster healed");
    }
}
