using System.Text;
using PaxosAkka.Consensus.Tests.Support;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>
/// Scenario transcripts in the style of etcd-raft's <c>interaction_test.go</c>: each file in
/// <c>testdata/</c> is a story of commands, each followed by <c>----</c> and the exact trace the cluster must
/// produce (messages, persisted state, commits, events). Run with <c>PAXOS_REWRITE_TESTDATA=1</c> to
/// regenerate the expected output after an intended change, then review the diff.
/// </summary>
public class InteractionTests
{
    public static TheoryData<string> Scenarios() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "testdata"), "*.txt").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_transcript_matches(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "testdata", file);
        var blocks = TranscriptBlock.Parse(File.ReadAllText(path));
        var runner = new TranscriptRunner();
        var actual = blocks.Select(b => b with { Output = runner.Run(b.Command) }).ToList();

        if (Environment.GetEnvironmentVariable("PAXOS_REWRITE_TESTDATA") == "1")
        {
            string source = Path.Combine(SourceDirectory(), "testdata", file);
            File.WriteAllText(source, TranscriptBlock.Render(actual));
            return;
        }

        for (int i = 0; i < blocks.Count; i++)
        {
            Assert.True(
                blocks[i].Output == actual[i].Output,
                $"{file}, command '{blocks[i].Command}':\n--- expected\n{blocks[i].Output}\n--- actual\n{actual[i].Output}");
        }
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetDirectoryName(path)!;

    /// <summary>Executes transcript commands against a 3-node <see cref="TestCluster"/>.</summary>
    private sealed class TranscriptRunner
    {
        private readonly List<string> _lines = [];
        private TestCluster _cluster = null!;

        public TranscriptRunner() => Build(AcceptorOptions.Default);

        /// <summary>A fresh 3-node cluster whose acceptors use <paramref name="acceptorOptions"/> (see <c>promise-bound</c>).</summary>
        private void Build(AcceptorOptions acceptorOptions)
        {
            _cluster = new TestCluster(Three, proposerOptions: new ProposerOptions { RetransmitTicks = 2 }, acceptorOptions: acceptorOptions);
            _cluster.OnDeliver = m => _lines.Add("deliver " + TraceFormat.Message(m));
            _cluster.OnReady = (node, ready) => _lines.AddRange(TraceFormat.Ready(node, ready).Select(l => "  " + l));
        }

        public string Run(string command)
        {
            _lines.Clear();
            var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words[0])
            {
                case "campaign":
                    _cluster.Campaign(int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "propose":
                    _cluster.Propose(Int(words[1]), Cmd(words[2], Int(words[3]), words.Length > 4 ? words[4] : "x"));
                    break;
                case "deliver":
                    _cluster.Run(words.Length > 1 ? Int(words[1]) : 100_000);
                    break;
                case "drop":
                    // drop <from>-><to> | drop to=<id> | drop slot=<n> | drop all
                    int before = _cluster.NetworkSize;
                    _cluster.DropAll(Matcher(words[1]));
                    _lines.Add($"dropped {before - _cluster.NetworkSize}");
                    break;
                case "tick":
                    for (int i = 0; i < (words.Length > 1 ? Int(words[1]) : 1); i++)
                    {
                        _cluster.Tick();
                    }

                    break;
                case "promise-bound":
                    // promise-bound <entries>: starts over with acceptors that report at most that many entries per Promise.
                    Build(new AcceptorOptions { MaxPromiseEntries = Int(words[1]) });
                    _lines.Add($"acceptors report at most {words[1]} entries per Promise");
                    break;
                case "up":
                    _cluster.Down.Remove(Int(words[1]));
                    _lines.Add($"n{words[1]} is up");
                    break;
                case "down":
                    _cluster.Down.Add(Int(words[1]));
                    _lines.Add($"n{words[1]} is down: it gets no messages and no ticks");
                    break;
                case "restart":
                    _cluster.Restart(Int(words[1]));
                    var disk = _cluster.Disk(Int(words[1]));
                    _lines.Add($"n{words[1]} restarted promised={disk.Promised} accepted=[{string.Join(" ", disk.Accepted.Values.Select(e => $"{e.Slot}:{e.Ballot}={e.Value}"))}]");
                    break;
                case "status":
                    foreach (var (id, node) in _cluster.Nodes)
                    {
                        var p = node.Proposer!;
                        string role = p.IsLeader ? "leader" : p.IsCampaigning ? "candidate" : "follower";
                        string log = string.Join(" ", _cluster.Delivered[id].Select(e => $"{e.Slot}:{e.Value}"));
                        _lines.Add($"n{id} {role} ballot={p.CurrentBallot} promised={node.Acceptor!.Promised} log=[{log}]");
                    }

                    _lines.Add($"in network: {_cluster.NetworkSize}");
                    break;
                default:
                    throw new InvalidOperationException($"Unknown transcript command '{words[0]}'.");
            }

            return string.Join("\n", _lines);
        }

        private static int Int(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        private static Func<PaxosMessage, bool> Matcher(string spec)
        {
            if (spec == "all")
            {
                return _ => true;
            }

            if (spec.StartsWith("slot=", StringComparison.Ordinal))
            {
                long slot = Int(spec[5..]);
                return m => m is PaxosProtocol.Accept a ? a.Slot == slot : m is PaxosProtocol.Accepted d && d.Slot == slot;
            }

            if (spec.StartsWith("to=", StringComparison.Ordinal))
            {
                int to = Int(spec[3..]);
                return m => m.To == to;
            }

            var parts = spec.Split("->");
            int from = Int(parts[0]);
            int dest = Int(parts[1]);
            return m => m.From == from && m.To == dest;
        }
    }

    /// <summary>One command of a transcript and the output it must produce.</summary>
    private sealed record TranscriptBlock(string Comment, string Command, string Output)
    {
        public static List<TranscriptBlock> Parse(string text)
        {
            var blocks = new List<TranscriptBlock>();
            var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            var comment = new List<string>();
            int i = 0;
            while (i < lines.Length)
            {
                string line = lines[i].Trim();
                i++;
                if (line.StartsWith('#'))
                {
                    comment.Add(line);
                    continue;
                }

                if (line.Length == 0)
                {
                    continue;
                }

                if (i >= lines.Length || lines[i].Trim() != "----")
                {
                    throw new FormatException($"Command '{line}' must be followed by a '----' line.");
                }

                i++;
                var output = new List<string>();
                while (i < lines.Length && lines[i].Length > 0)
                {
                    output.Add(lines[i]);
                    i++;
                }

                blocks.Add(new TranscriptBlock(string.Join("\n", comment), line, string.Join("\n", output)));
                comment.Clear();
            }

            return blocks;
        }

        public static string Render(IEnumerable<TranscriptBlock> blocks)
        {
            var text = new StringBuilder();
            foreach (var block in blocks)
            {
                if (block.Comment.Length > 0)
                {
                    text.Append(block.Comment).Append('\n');
                }

                text.Append(block.Command).Append("\n----\n");
                if (block.Output.Length > 0)
                {
                    text.Append(block.Output).Append('\n');
                }

                text.Append('\n');
            }

            return text.ToString();
        }
    }
}
