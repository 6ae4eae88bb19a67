using System.Text.RegularExpressions;

namespace PaxosAkka.Consensus.Tests;

/// <summary>The documented defaults in reference.conf are the defaults the code uses.</summary>
public partial class ReferenceConfigTests
{
    [Fact]
    public void Reference_conf_documents_the_option_defaults()
    {
        var values = SettingPattern().Matches(ConsensusReferenceConfig.Text)
            .ToDictionary(m => m.Groups["key"].Value, m => int.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(ProposerOptions.Default.PipelineWindow, values["pipeline-window"]);
        Assert.Equal(ProposerOptions.Default.MaxBatchSize, values["max-batch-size"]);
        Assert.Equal(ProposerOptions.Default.RetransmitTicks, values["retransmit-ticks"]);
        Assert.Equal(ProposerOptions.Default.MaxPendingCommands, values["max-pending-commands"]);
        Assert.Equal(LearnerOptions.Default.CatchUpTicks, values["catch-up-ticks"]);
        Assert.Equal(LearnerOptions.Default.MaxCatchUpEntries, values["max-catch-up-entries"]);
        Assert.Equal(LearnerOptions.Default.IdleProbeTicks, values["idle-probe-ticks"]);
        Assert.Equal(7, values.Count);
    }

    [Fact]
    public void Options_reject_nonsense_values_clearly()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProposerOptions { PipelineWindow = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProposerOptions { MaxBatchSize = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LearnerOptions { CatchUpTicks = 0 });
    }

    [GeneratedRegex(@"^\s*(?<key>[a-z-]+)\s*=\s*(?<value>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SettingPattern();
}
