using System.Globalization;

namespace PaxosAkka.Node.Assignment;

/// <summary>
/// The rounds a proposer without a local acceptor may use: every ballot it sends has a round at most
/// <see cref="ReservedRound"/>, which is on disk before any such ballot leaves the node. After a crash it starts
/// above the reservation, so it can never reuse a ballot it may already have sent (the remark on the core's
/// Proposer). Reserving a window ahead keeps the disk off the campaign path.
/// </summary>
/// <param name="ReservedRound">The highest round made durable.</param>
/// <param name="Window">How many rounds one reservation adds beyond the round in use.</param>
internal sealed record BallotReservation(long ReservedRound, long Window)
{
    /// <summary>Rounds reserved ahead by default: a restart skips at most this many.</summary>
    public const long DefaultWindow = 1000;

    /// <summary>True when <paramref name="roundInUse"/> came within half a window of the reservation.</summary>
    public bool NeedsExtension(long roundInUse) => roundInUse > ReservedRound - (Window / 2);

    /// <summary>A reservation one window beyond both the old one and <paramref name="roundInUse"/>.</summary>
    public BallotReservation ExtendedFor(long roundInUse) => this with { ReservedRound = Math.Max(ReservedRound, roundInUse) + Window };
}

/// <summary>The reservation's file: one decimal round, replaced atomically and flushed to disk.</summary>
internal static class BallotReservationFile
{
    /// <summary>The reserved round in <paramref name="path"/>; 0 when the file does not exist yet.</summary>
    /// <exception cref="InvalidDataException">The file holds something other than a round (never silently reset).</exception>
    public static long Load(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        string text = File.ReadAllText(path).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long round)
            ? round
            : throw new InvalidDataException($"{path} must hold the reserved ballot round, not '{text}'");
    }

    /// <summary>Writes <paramref name="round"/> to a temporary file, flushes it to disk and renames it over <paramref name="path"/>.</summary>
    public static void Save(string path, long round)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(round);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(round.ToString(CultureInfo.InvariantCulture)));
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
