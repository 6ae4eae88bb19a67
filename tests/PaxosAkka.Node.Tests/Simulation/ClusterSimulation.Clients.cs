using System.Text;
using PaxosAkka.Consensus;
using PaxosAkka.Linearizability;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Tests.Simulation;

/// <summary>
/// The clients: each runs its operations one after another through the <see cref="PaxosKvService"/> of a seeded
/// node, retries an unknown outcome with the same Idempotency-Key (possibly through another node), and records
/// the history for the linearizability check.
/// </summary>
/// <remarks>
/// Determinism of the client path: the service's timeout and resubmit timers are on the virtual clock and their
/// continuations run inline on the pumping thread; only an answer from the store hops to the thread pool (the
/// waiter's task runs continuations asynchronously). So when a store applies a command a client waits for, the
/// simulation waits (a real-time deadline) for that client's task before the next turn, and the client sees the
/// answer at the same point of every run.
/// </remarks>
internal sealed partial class ClusterSimulation
{
    private static readonly TimeSpan CompletionDeadline = TimeSpan.FromSeconds(30);

    private readonly SimClient[] _clients;
    private readonly HistoryRecorder<KvInput, KvOutput> _history = new();
    private readonly Dictionary<CommandId, Attempt> _inFlight = [];
    private readonly List<Attempt> _answered = [];

    private DateTimeOffset? NextClientAction() =>
        _clients.Where(c => c.NextActionAt is not null).Select(c => c.NextActionAt).Min();

    private void RunDueClients(DateTimeOffset now)
    {
        foreach (var client in _clients)
        {
            if (client.NextActionAt is { } at && at <= now)
            {
                client.NextActionAt = null;
                if (client.Operation is null)
                {
                    BeginOperation(client);
                }

                SendAttempt(client);
            }
        }
    }

    /// <summary>A pause between two operations of a client, so that its operations spread over the fault window.</summary>
    private TimeSpan ThinkTime()
    {
        double spread = 2 * _options.FaultWindow.TotalMilliseconds / Math.Max(1, _options.OperationsPerClient);
        return TimeSpan.FromMilliseconds(_clientRandom.NextDouble() * spread);
    }

    private void BeginOperation(SimClient client)
    {
        int n = ++client.Started;
        string key = "k" + _clientRandom.Next(_options.Keys);
        string value = $"c{client.Id}-{n}";
        int kind = _clientRandom.Next(100);
        (KvInput input, KvCommand command) = kind switch
        {
            < 35 => ((KvInput)new KvPut(key, value), (KvCommand)new KvPutCommand(key, Bytes(value))),
            < 65 => (new KvGet(key), new KvReadCommand(key)),
            < 88 => Cas(key, client.LastSeen.GetValueOrDefault(key), value),
            _ => (new KvDelete(key), new KvDeleteCommand(key)),
        };
        var handle = _history.Invoke(client.Id, input);
        client.Operation = new Operation(input, command, $"c{client.Id}-op{n}", handle);
        Record($"client {client.Id} invokes {input}");
    }

    private (KvInput, KvCommand) Cas(string key, string? lastSeen, string value)
    {
        // Half the time the value last seen (often current), else absent: both outcomes of a CAS get exercised.
        string? expected = _clientRandom.Next(2) == 0 ? lastSeen : null;
        return (new KvCas(key, expected, value), new KvCasCommand(key, expected is null ? null : Bytes(expected), Bytes(value)));
    }

    private void SendAttempt(SimClient client)
    {
        var operation = client.Operation!;
        var up = _nodes.Where(n => n.Current is not null).ToList();
        if (up.Count == 0)
        {
            client.NextActionAt = _clock.GetUtcNow() + TimeSpan.FromMilliseconds(100);
            return;
        }

        var node = up[_clientRandom.Next(up.Count)];
        var incarnation = node.Current!;
        operation.Attempts++;
        Record($"client {client.Id} attempt {operation.Attempts} of {operation.IdempotencyKey} via n{node.Id}");
        var cancel = new CancellationTokenSource();
        var task = incarnation.Service.ExecuteAsync(operation.Command, operation.IdempotencyKey, cancel.Token);
        if (_options.AcknowledgePutsBeforeApply && operation.Command is KvPutCommand)
        {
            task = Task.FromResult<KvResult>(new KvWritten(0));
        }

        var attempt = new Attempt(client, node.Id, incarnation.Number, task, cancel, incarnation.Service.NextCommandId(operation.IdempotencyKey, operation.Command));
        client.Current = attempt;
        _inFlight[attempt.CommandId] = attempt;
    }

    /// <summary>A store applied a command: if a client waits for it on that very incarnation, its answer is coming.</summary>
    private void NoteApplied(int node, int incarnation, ChosenEntry entry)
    {
        foreach (var command in entry.Value.Commands)
        {
            if (_inFlight.TryGetValue(command.Id, out var attempt) && attempt.Node == node && attempt.Incarnation == incarnation)
            {
                _answered.Add(attempt);
            }
        }
    }

    private void AbortAttemptsOn(int node)
    {
        foreach (var attempt in _inFlight.Values.Where(a => a.Node == node).ToList())
        {
            // The connection to the killed node breaks: the client learns nothing about the outcome.
            attempt.Cancel.Cancel();
            _answered.Add(attempt);
        }
    }

    private void AfterStep()
    {
        foreach (var attempt in _answered)
        {
            if (!SpinWait.SpinUntil(() => attempt.Task.IsCompleted, CompletionDeadline))
            {
                _violations.Add($"client {attempt.Client.Id}: the service did not answer within {CompletionDeadline} after its command was applied");
            }
        }

        _answered.Clear();
        foreach (var client in _clients)
        {
            if (client.Current is { Task.IsCompleted: true } attempt)
            {
                Finish(client, attempt);
            }
        }
    }

    private void Finish(SimClient client, Attempt attempt)
    {
        client.Current = null;
        _inFlight.Remove(attempt.CommandId);
        attempt.Cancel.Dispose();
        var operation = client.Operation!;
        var now = _clock.GetUtcNow();
        if (attempt.Task.IsCompletedSuccessfully)
        {
            Complete(client, operation, attempt.Task.Result);
        }
        else if (attempt.Task.IsCanceled || attempt.Task.Exception?.InnerException is OutcomeUnknownException)
        {
            Record($"client {client.Id} {operation.IdempotencyKey}: outcome unknown via n{attempt.Node}");
            if (operation.Attempts < _options.MaxAttempts)
            {
                client.Retries++;
                client.NextActionAt = now + TimeSpan.FromMilliseconds(_clientRandom.Next(10, 200));
                return;
            }

            _history.CompleteUnknown(operation.Handle);
            client.Unknown++;
        }
        else
        {
            _violations.Add($"client {client.Id} {operation.IdempotencyKey}: unexpected failure {attempt.Task.Exception?.InnerException}");
        }

        client.Operation = null;
        client.NextActionAt = client.Started < _options.OperationsPerClient ? now + ThinkTime() : null;
    }

    private void Complete(SimClient client, Operation operation, KvResult result)
    {
        Record($"client {client.Id} {operation.IdempotencyKey} -> {result}");
        KvOutput? output = (operation.Input, result) switch
        {
            (KvPut, KvWritten or KvAlreadyApplied) => KvOutput.Ok,
            (KvGet, KvValue found) => KvOutput.Read(Text(found.Value)),
            (KvGet, KvNotFound) => KvOutput.Read(null),
            (KvDelete, KvWritten) => new KvOutput(true, null),
            (KvDelete, KvNotFound) => new KvOutput(false, null),
            (KvCas, KvWritten) => new KvOutput(true, null),
            (KvCas, KvConflict conflict) => new KvOutput(false, conflict.Current is null ? null : Text(conflict.Current)),
            // Applied once before, its answer evicted: the effect happened but what it answered is unknown.
            (_, KvAlreadyApplied) => null,
            _ => Misfit(operation, result),
        };
        if (output is null)
        {
            _history.CompleteUnknown(operation.Handle);
            client.Unknown++;
            return;
        }

        _history.Complete(operation.Handle, output);
        client.Succeeded++;
        client.LastSeen[operation.Input.Key] = operation.Input switch
        {
            KvGet => output.Value,
            KvPut put => put.Value,
            KvCas cas when output.Succeeded => cas.Value,
            KvCas => output.Value,
            _ => null,
        };
    }

    private KvOutput? Misfit(Operation operation, KvResult result)
    {
        _violations.Add($"{operation.IdempotencyKey}: answer {result} does not fit {operation.Input}");
        return null;
    }

    private void CheckHistory()
    {
        var check = KeyValueModel.Check(_history.Snapshot());
        if (!check.IsLinearizable)
        {
            _violations.Add($"linearizability: {check.Explanation}");
        }
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private sealed class SimClient(int id)
    {
        public int Id { get; } = id;

        public int Started { get; set; }

        public int Succeeded { get; set; }

        public int Unknown { get; set; }

        public int Retries { get; set; }

        public DateTimeOffset? NextActionAt { get; set; }

        public Operation? Operation { get; set; }

        public Attempt? Current { get; set; }

        public Dictionary<string, string?> LastSeen { get; } = [];

        public bool Done => Operation is null && NextActionAt is null && Started > 0;
    }

    private sealed class Operation(KvInput input, KvCommand command, string idempotencyKey, int handle)
    {
        public KvInput Input { get; } = input;

        public KvCommand Command { get; } = command;

        public string IdempotencyKey { get; } = idempotencyKey;

        public int Handle { get; } = handle;

        public int Attempts { get; set; }
    }

    private sealed record Attempt(SimClient Client, int Node, int Incarnation, Task<KvResult> Task, CancellationTokenSource Cancel, CommandId CommandId);
}
