using System.Globalization;
using PaxosAkka.Consensus;
using static PaxosAkka.Cmd.Synchronous.SynchronousEvents;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Cmd.Synchronous;

/// <summary>
/// Prints a synchronous run as it happens: a header, each round (every message with --trace, otherwise a
/// short account of how far the round got), and a closing verdict. Text only; plain ASCII so it survives
/// any terminal and log file.
/// </summary>
internal sealed class SynchronousReport(TextWriter output, SimulateSettings settings)
{
    private int _nodes;

    /// <summary>Handles one event of the run.</summary>
    public void On(SynchronousEvent e)
    {
        switch (e)
        {
            case RunStarted started:
                Header(started);
                break;
            case RoundStarted round:
                output.WriteLine();
                output.WriteLine($"Round {round.Round}: proposer n{round.Proposer}, ballot {Show(round.Ballot)}");
                break;
            case NodeRecovered recovered:
                output.WriteLine($"  n{recovered.Node} restarts from stable storage: {Show(recovered.State)}");
                break;
            case NodeCrashed crashed when settings.Trace:
                output.WriteLine($"  [{Step(crashed.Step)}] n{crashed.Node} CRASHES");
                break;
            case MessageSent sent when settings.Trace:
                output.WriteLine($"  [{Step(sent.Step)}] n{sent.Message.From} -> n{sent.Message.To}  {Show(sent.Message)}");
                break;
            case MessageLost lost when settings.Trace:
                output.WriteLine($"  [{Step(lost.Step)}] lost n{lost.Message.From} -> n{lost.Message.To} {Kind(lost.Message)}: n{lost.Message.To} is down");
                break;
            case ValueLearned learned when settings.Trace:
                output.WriteLine($"  [{Step(learned.Step)}] n{learned.Node} learns {SynodValues.Show(learned.Value)}");
                break;
            case RoundEnded ended:
                RoundLines(ended.Summary);
                break;
            case RunEnded ended:
                Footer(ended.Result);
                break;
        }
    }

    private void Header(RunStarted started)
    {
        _nodes = started.Inputs.Length;
        var domain = settings.Domain == ValueDomain.Binary ? "binary (0/1)" : "integer";
        output.WriteLine(
            $"Synchronous single-decree Paxos: {Plural(_nodes, "node")}, crash probability {Number(settings.CrashProbability)}, "
            + $"{Plural(settings.Rounds, "round")}, {domain} inputs, seed {settings.Seed}");
        output.WriteLine($"Inputs: {Listed([.. started.Inputs.Select((v, i) => $"n{i}={v}")])}");
        output.WriteLine(
            $"Quorums: {started.Phase1Quorum} of {_nodes} promises, {started.Phase2Quorum} of {_nodes} acceptances; "
            + "round r is led by node r % " + _nodes);
    }

    private void RoundLines(RoundSummary s)
    {
        if (!s.Crashes.IsEmpty)
        {
            output.WriteLine($"  crashed: {string.Join(", ", s.Crashes.Select(c => $"n{c.Node} at {RoundSteps.Name(c.Step)}"))}");
        }

        output.WriteLine($"  {Progress(s)}");
        if (s.Round + 1 < settings.Rounds)
        {
            var next = s.Round + 1;
            output.WriteLine($"  round change -> round {next}, proposer n{next % _nodes}");
        }
    }

    private string Progress(RoundSummary s)
    {
        if (s.Outcome == RoundOutcome.ProposerCrashedBeforePrepare)
        {
            return $"proposer n{s.Proposer} crashed before Prepare -> no proposal, no decision";
        }

        var proposerCrash = s.Crashes.Where(c => c.Node == s.Proposer).Select(c => RoundSteps.Name(c.Step)).FirstOrDefault();
        var why = proposerCrash is null ? "no quorum" : $"proposer n{s.Proposer} crashed at {proposerCrash}";
        var text = $"prepare -> promises from {Count(s.Promises)}";
        if (s.Outcome == RoundOutcome.NoPromiseQuorum)
        {
            return text + $" ({why}) -> no Accept, no decision";
        }

        if (s.Proposed is null)
        {
            return text + $" -> no Accept ({why}), no decision";
        }

        var origin = s.Adopted is { } adopted
            ? $"adopted: accepted before in {Show(adopted.Ballot)}"
            : $"n{s.Proposer}'s own input";
        text += $" -> accept {SynodValues.Show(s.Proposed)} ({origin}) -> accepted by {Count(s.Acceptances)}";
        if (s.Outcome == RoundOutcome.NoAcceptQuorum)
        {
            return text + " (no quorum) -> not chosen";
        }

        var learners = s.Learners.IsEmpty ? "but no live learner heard it" : "learned by " + Nodes(s.Learners);
        return text + $" -> CHOSEN {SynodValues.Show(s.Proposed)}, {learners}";
    }

    private void Footer(SynchronousResult result)
    {
        var verdict = result.Verdict;
        output.WriteLine();
        output.WriteLine("Summary");
        if (result.Learned.IsEmpty)
        {
            output.WriteLine("  Decided:     nothing (no learner saw a quorum accept a value in any round)");
        }
        else
        {
            var values = string.Join(", ", result.Learned.Select(l => l.Value).Distinct().Select(v => SynodValues.Show(v)));
            var learners = result.Learned.Select(l => l.Node).Distinct().Count();
            output.WriteLine(
                $"  Decided:     {values} (first in round {result.FirstDecisionRound}; {result.Learned.Length} decisions "
                + $"by {learners} of {_nodes} nodes)");
        }

        output.WriteLine($"  Agreement:   {(verdict.Agreement ? "held" : "VIOLATED")} ({AgreementDetail(result)})");
        output.WriteLine($"  Validity:    {(verdict.Validity ? "held" : "VIOLATED")} ({ValidityDetail(result)})");
        output.WriteLine(result.FirstDecisionRound is { } first
            ? $"  Termination: reached in round {first} (not guaranteed: with crashes Paxos may never decide)"
            : "  Termination: not reached in this run; Paxos guarantees safety, not termination, when nodes crash");
        foreach (var problem in verdict.Problems)
        {
            output.WriteLine($"  {problem}");
        }

        output.WriteLine($"Replay: pbm simulate --nodes {_nodes} --crash-prob {Number(settings.CrashProbability)} "
            + $"--rounds {settings.Rounds} --seed {settings.Seed} --binary {(settings.Domain == ValueDomain.Binary ? "true" : "false")}"
            + (settings.Trace ? " --trace" : string.Empty));
    }

    private static string AgreementDetail(SynchronousResult r) => r.Verdict switch
    {
        { Agreement: false } => "decisions differ, see below",
        { Decided: { } v } => $"every decision in every round and node was {v}",
        _ => "vacuously: nothing was decided",
    };

    private static string ValidityDetail(SynchronousResult r)
    {
        if (!r.Verdict.Validity)
        {
            return "a decided value was nobody's input, see below";
        }

        if (r.Verdict.Decided is not { } v)
        {
            return r.Learned.IsEmpty ? "vacuously: nothing was decided" : "every decided value was some node's input";
        }

        var owners = r.Inputs.Select((input, node) => (input, node)).Where(p => p.input == v).Select(p => p.node);
        return $"{v} is the input of {Nodes(owners)}";
    }

    private string Count(IReadOnlyCollection<int> nodes) =>
        nodes.Count == 0 ? $"0/{_nodes}" : $"{nodes.Count}/{_nodes} ({Nodes(nodes)})";

    // Long node lists (hundreds of nodes) are cut so every line stays readable.
    private const int MaxListed = 16;

    private static string Nodes(IEnumerable<int> nodes) => Listed(nodes.Select(n => $"n{n}").ToList());

    private static string Listed(List<string> items) => items.Count <= MaxListed
        ? string.Join(' ', items)
        : $"{string.Join(' ', items.Take(MaxListed))} ... (+{items.Count - MaxListed} more)";

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Step(int step) => RoundSteps.Name(step).PadRight(8);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A ballot as the core prints it: (round.proposer).</summary>
    internal static string Show(Ballot ballot) => ballot.ToString();

    /// <summary>Durable acceptor state as a restart line shows it.</summary>
    internal static string Show(AcceptorDurableState state)
    {
        var promised = state.Promised.IsZero ? "promised nothing" : $"promised {Show(state.Promised)}";
        var accepted = state.Accepted.TryGetValue(0, out var entry)
            ? $"accepted {SynodValues.Show(entry.Value)} in {Show(entry.Ballot)}"
            : "accepted nothing";
        return $"{promised}, {accepted}";
    }

    /// <summary>The message type name.</summary>
    internal static string Kind(PaxosMessage message) => message.GetType().Name;

    /// <summary>One message with the fields a reader needs.</summary>
    internal static string Show(PaxosMessage message) => message switch
    {
        Prepare p => $"Prepare {Show(p.Ballot)}",
        Promise p => $"Promise {Show(p.Ballot)}, " + (p.Accepted.FirstOrDefault(a => a.Slot == 0) is { } a
            ? $"already accepted {SynodValues.Show(a.Value)} in {Show(a.Ballot)}"
            : "nothing accepted before"),
        Accept a => $"Accept {Show(a.Ballot)} value {SynodValues.Show(a.Value)}",
        Accepted a => $"Accepted {Show(a.Ballot)} value {SynodValues.Show(a.Value)}",
        Nack n => $"Nack {Show(n.Rejected)}, promised {Show(n.Promised)}",
        Chosen c => $"Chosen value {SynodValues.Show(c.Value)}",
        _ => Kind(message),
    };
}
