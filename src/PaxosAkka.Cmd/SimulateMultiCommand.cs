using System.CommandLine;
using PaxosAkka.Simulation;

namespace PaxosAkka.Cmd;

/// <summary>
/// <c>pbm simulate-multi</c>: one seed of the deterministic Multi-Paxos fault simulator (PaxosAkka.Simulation).
/// Its flags are exactly those of the replay line the simulator prints on failure
/// (<see cref="SimulationCli.FormatReplayCommand"/>), so a failing seed from CI can be pasted and rerun.
/// </summary>
internal static class SimulateMultiCommand
{
    /// <summary>Largest accepted <c>--steps</c>; bounds the run (the quiet phase adds at most its own bound).</summary>
    public const int MaxSteps = 1_000_000;

    /// <summary>Builds the command; its action writes the trace (if asked) and the summary to <paramref name="output"/>.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var defaults = new SimulationOptions();
        var seed = new Option<int>("--seed", "-s")
        {
            Description = "Seed of the simulator's single PRNG; the same seed replays the same run.",
            DefaultValueFactory = _ => defaults.Seed,
        };
        var steps = new Option<int>("--steps")
        {
            Description = $"Ticks of the fault phase (0..{MaxSteps}); a fault-free phase then checks liveness.",
            DefaultValueFactory = _ => defaults.Steps,
        };
        var nodes = new Option<int>("--nodes", "-n")
        {
            Description = "Number of nodes (1..64); every node hosts an acceptor and a learner.",
            DefaultValueFactory = _ => defaults.Nodes,
        };
        var proposers = new Option<int>("--proposers")
        {
            Description = "Nodes 0..proposers-1 also host a proposer (1..nodes); more than one allows duels.",
            DefaultValueFactory = _ => defaults.Proposers,
        };
        var acceptors = new Option<int>("--acceptors")
        {
            Description = "How many nodes host an acceptor: the last ones. 0 (default) = every node.",
        };
        var learners = new Option<int>("--learners")
        {
            Description = "How many nodes host a learner: the first ones. 0 (default) = every node.",
        };
        var q1 = new Option<int>("--q1")
        {
            Description = "Phase-1 quorum size (Flexible Paxos: q1 + q2 must exceed the acceptor count). 0 (default) = majority.",
        };
        var q2 = new Option<int>("--q2")
        {
            Description = "Phase-2 quorum size. 0 (default) = majority.",
        };
        var faults = new Option<string>("--faults")
        {
            Description = "Fault set of the fault phase: all (drop, duplicate, reorder, delay, partitions, crash/restart, pauses, duelling proposers) or none.",
            DefaultValueFactory = _ => "all",
        };
        var broken = new Option<string>("--broken-acceptor")
        {
            Description = "Deliberately broken acceptors, to see the checker catch them: none, forgets-state or accepts-below-promise.",
            DefaultValueFactory = _ => "none",
        };
        var trace = new Option<bool>("--trace", "-t")
        {
            Description = "Print one line per simulator event (deliveries, crashes, choices) before the summary.",
        };

        var command = new Command(
            SimulationCli.CommandName,
            "Run one seed of the deterministic Multi-Paxos fault simulator and check Agreement, Validity, "
            + "Integrity, Durability and Liveness after every step. Exit codes: 0 = all held, 1 = an invariant "
            + "was violated (the summary prints the replay command), 2 = bad arguments.")
        {
            seed, steps, nodes, proposers, acceptors, learners, q1, q2, faults, broken, trace,
        };

        command.SetAction(parsed => Execute(
            new SimulateMultiArguments(
                parsed.GetValue(seed),
                parsed.GetValue(steps),
                parsed.GetValue(nodes),
                parsed.GetValue(proposers),
                new SimulateMultiRoles(parsed.GetValue(acceptors), parsed.GetValue(learners), parsed.GetValue(q1), parsed.GetValue(q2)),
                parsed.GetValue(faults) ?? "all",
                parsed.GetValue(broken) ?? "none",
                parsed.GetValue(trace)),
            output,
            error));
        return command;
    }

    /// <summary>Validates, runs and reports one simulation; returns the exit code.</summary>
    internal static int Execute(SimulateMultiArguments arguments, TextWriter output, TextWriter error)
    {
        if (ToOptions(arguments, output, out var problem) is not { } options)
        {
            error.WriteLine($"pbm {SimulationCli.CommandName}: {problem.TrimEnd('.')} (see 'pbm {SimulationCli.CommandName} --help')");
            return ExitCodes.BadArguments;
        }

        var result = Simulator.Run(options);
        output.WriteLine(result.Summary);
        return result.Passed ? ExitCodes.Success : ExitCodes.PropertyViolated;
    }

    /// <summary>Turns the flags into simulator options, or explains in one line why they are invalid.</summary>
    internal static SimulationOptions? ToOptions(SimulateMultiArguments a, TextWriter output, out string problem)
    {
        problem = string.Empty;
        if (a.Steps is < 0 or > MaxSteps)
        {
            problem = $"--steps must be between 0 and {MaxSteps}, got {a.Steps}";
            return null;
        }

        if (!SimulationCli.TryParseFaults(a.Faults, out var faults))
        {
            problem = $"--faults must be 'all' or 'none', got '{a.Faults}'";
            return null;
        }

        if (!SimulationCli.TryParseBrokenAcceptor(a.BrokenAcceptor, out var broken))
        {
            problem = $"--broken-acceptor must be 'none', 'forgets-state' or 'accepts-below-promise', got '{a.BrokenAcceptor}'";
            return null;
        }

        var options = new SimulationOptions
        {
            Seed = a.Seed,
            Steps = a.Steps,
            Nodes = a.Nodes,
            Proposers = a.Proposers,
            Acceptors = a.Roles.Acceptors,
            Learners = a.Roles.Learners,
            Phase1Quorum = a.Roles.Phase1Quorum,
            Phase2Quorum = a.Roles.Phase2Quorum,
            Faults = faults,
            BrokenAcceptor = broken,
            Trace = a.Trace ? output.WriteLine : null,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            problem = Describe(e);
            return null;
        }

        return options;
    }

    // The simulator names the setting (Nodes, Acceptors...) in its exception; say it in flag terms, on one line.
    private static string Describe(ArgumentException e)
    {
        switch (e.ParamName)
        {
            case "Nodes":
                return "--nodes must be between 1 and 64";
            case "Proposers":
                return "--proposers must be between 1 and --nodes";
        }

        var text = e.Message.Split('\n')[0].Trim();
        if (e.ParamName is { } name)
        {
            text = text.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal);
        }

        var flag = e.ParamName switch
        {
            _ when text.Contains("intersect", StringComparison.Ordinal) => "--q1/--q2",
            "Acceptors" => "--acceptors",
            "Learners" => "--learners",
            "Phase1Quorum" or "phase1Size" => "--q1",
            "Phase2Quorum" or "phase2Size" => "--q2",
            _ => null,
        };
        return flag is null ? text : $"{flag}: {text}";
    }
}

/// <summary>The raw flags of <c>pbm simulate-multi</c>, before validation.</summary>
internal sealed record SimulateMultiArguments(
    int Seed, int Steps, int Nodes, int Proposers, SimulateMultiRoles Roles, string Faults, string BrokenAcceptor, bool Trace);

/// <summary>Role placement and quorum flags; 0 means the simulator's default (every node, majority).</summary>
internal sealed record SimulateMultiRoles(int Acceptors, int Learners, int Phase1Quorum, int Phase2Quorum);
