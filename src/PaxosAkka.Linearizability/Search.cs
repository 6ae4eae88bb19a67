using System.Globalization;
using System.Text;

namespace PaxosAkka.Linearizability;

/// <summary>One run of the Wing &amp; Gong search over a doubly linked list of call and return events.</summary>
internal sealed class Search<TState, TInput, TOutput>
{
    private const int Head = 0;
    private const int None = -1;

    private readonly IModel<TState, TInput, TOutput> _model;
    private readonly IReadOnlyList<Operation<TInput, TOutput>> _ops;
    private readonly long _maxSteps;

    // Event nodes 1..n; node 0 is the list head. For a call node, _match is its return node (None when the
    // outcome is unknown); for a return node, _match is its call node.
    private readonly int[] _next;
    private readonly int[] _prev;
    private readonly int[] _match;
    private readonly int[] _opOf;
    private readonly bool[] _isCall;

    private readonly HashSet<(BitSet Linearized, TState State)> _seen = [];
    private readonly Stack<(int Call, TState State, BitSet Linearized)> _stack = new();
    private int _deepest = -1;
    private string _deepestExplanation = "history is empty";

    public Search(IModel<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> ops, long maxSteps)
    {
        _model = model;
        _ops = ops;
        _maxSteps = maxSteps;
        var events = new List<(long Time, bool IsCall, int Op)>(ops.Count * 2);
        for (var i = 0; i < ops.Count; i++)
        {
            events.Add((ops[i].Call, true, i));
            if (ops[i].OutcomeKnown)
            {
                events.Add((ops[i].Return, false, i));
            }
        }

        // Calls sort before returns at equal times: treating touching operations as concurrent can only
        // admit more orders, so the checker never reports a violation that real time does not prove.
        events.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : b.IsCall.CompareTo(a.IsCall));
        var n = events.Count + 1;
        _next = new int[n];
        _prev = new int[n];
        _match = new int[n];
        _opOf = new int[n];
        _isCall = new bool[n];
        var callNode = new int[ops.Count];
        Array.Fill(_match, None);
        for (var node = 1; node < n; node++)
        {
            var e = events[node - 1];
            _opOf[node] = e.Op;
            _isCall[node] = e.IsCall;
            _prev[node] = node - 1;
            _next[node - 1] = node;
            if (e.IsCall)
            {
                callNode[e.Op] = node;
            }
            else
            {
                _match[node] = callNode[e.Op];
                _match[callNode[e.Op]] = node;
            }
        }

        _next[n - 1] = None;
        _prev[Head] = None;
    }

    public CheckResult Run()
    {
        var remainingKnown = _ops.Count(o => o.OutcomeKnown);
        var state = _model.Initial;
        var linearized = new BitSet(_ops.Count);
        var entry = _next[Head];
        long steps = 0;
        while (remainingKnown > 0)
        {
            if (++steps > _maxSteps)
            {
                return new CheckResult(Verdict.Inconclusive, steps, $"search budget of {_maxSteps} steps exhausted; deepest: {_deepestExplanation}");
            }

            if (entry != None && _isCall[entry])
            {
                var opIndex = _opOf[entry];
                var op = _ops[opIndex];
                if (TryApply(state, op, out var nextState))
                {
                    var nextLinearized = linearized.With(opIndex);
                    if (_seen.Add((nextLinearized, nextState)))
                    {
                        _stack.Push((entry, state, linearized));
                        state = nextState;
                        linearized = nextLinearized;
                        Lift(entry);
                        if (op.OutcomeKnown)
                        {
                            remainingKnown--;
                        }

                        entry = _next[Head];
                        continue;
                    }
                }

                entry = _next[entry];
                continue;
            }

            // A return whose operation is not yet linearized (or the end of the list): nothing legal can
            // come first, so undo the most recent choice and try the next candidate after it.
            NoteDeadEnd(entry);
            if (_stack.Count == 0)
            {
                return new CheckResult(Verdict.NotLinearizable, steps, _deepestExplanation);
            }

            var (call, previousState, previousLinearized) = _stack.Pop();
            state = previousState;
            linearized = previousLinearized;
            Unlift(call);
            if (_ops[_opOf[call]].OutcomeKnown)
            {
                remainingKnown++;
            }

            entry = _next[call];
        }

        return new CheckResult(Verdict.Linearizable, steps, $"{_ops.Count} operation(s) linearizable");
    }

    private bool TryApply(TState state, Operation<TInput, TOutput> op, out TState next)
    {
        if (!op.OutcomeKnown)
        {
            next = _model.StepUnknown(state, op.Input);
            return true;
        }

        return _model.Step(state, op.Input, op.Output!, out next);
    }

    private void Lift(int call)
    {
        _next[_prev[call]] = _next[call];
        if (_next[call] != None)
        {
            _prev[_next[call]] = _prev[call];
        }

        var ret = _match[call];
        if (ret != None)
        {
            _next[_prev[ret]] = _next[ret];
            if (_next[ret] != None)
            {
                _prev[_next[ret]] = _prev[ret];
            }
        }
    }

    private void Unlift(int call)
    {
        var ret = _match[call];
        if (ret != None)
        {
            _next[_prev[ret]] = ret;
            if (_next[ret] != None)
            {
                _prev[_next[ret]] = ret;
            }
        }

        _next[_prev[call]] = call;
        if (_next[call] != None)
        {
            _prev[_next[call]] = call;
        }
    }

    private void NoteDeadEnd(int entry)
    {
        if (_stack.Count <= _deepest || entry == None)
        {
            return;
        }

        _deepest = _stack.Count;
        var blocked = _ops[_opOf[entry]];
        var prefix = _stack.Reverse().Select(s => Describe(_ops[_opOf[s.Call]])).ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{prefix.Count} of {_ops.Count} operation(s) linearized; ");
        text.Append(CultureInfo.InvariantCulture, $"{Describe(blocked)} cannot follow ");
        text.Append(prefix.Count == 0 ? "the initial state" : string.Join(" -> ", prefix.TakeLast(8)));
        _deepestExplanation = text.ToString();
    }

    private static string Describe(Operation<TInput, TOutput> op) =>
        op.OutcomeKnown
            ? $"#{op.Id}[client {op.ClientId}: {op.Input} => {op.Output}]"
            : $"#{op.Id}[client {op.ClientId}: {op.Input} => ?]";
}
