using System.Globalization;

namespace PaxosAkka.Hocon;

/// <summary>
/// Duration and size formats from the HOCON specification: a number optionally followed by a unit, with or
/// without whitespace in between (<c>100 ms</c>, <c>2s</c>, <c>1.5 minutes</c>, <c>10 KiB</c>, <c>512kB</c>).
/// A plain number is milliseconds for durations (as Akka reads them) and bytes for sizes.
/// </summary>
internal static class HoconUnits
{
    private static readonly Dictionary<string, double> TicksPerDurationUnit = Build(
        (TimeSpan.TicksPerMillisecond / 1_000_000.0, ["ns", "nano", "nanos", "nanosecond", "nanoseconds"]),
        (TimeSpan.TicksPerMillisecond / 1_000.0, ["us", "micro", "micros", "microsecond", "microseconds"]),
        (TimeSpan.TicksPerMillisecond, ["ms", "milli", "millis", "millisecond", "milliseconds"]),
        (TimeSpan.TicksPerSecond, ["s", "second", "seconds"]),
        (TimeSpan.TicksPerMinute, ["m", "minute", "minutes"]),
        (TimeSpan.TicksPerHour, ["h", "hour", "hours"]),
        (TimeSpan.TicksPerDay, ["d", "day", "days"]));

    // kB/MB/GB are powers of ten and K/Ki/KiB powers of two, exactly as the specification's table lists them.
    private static readonly Dictionary<string, double> BytesPerSizeUnit = Build(
        (1, ["B", "b", "byte", "bytes"]),
        (1e3, ["kB", "KB", "kilobyte", "kilobytes"]),
        (1e6, ["MB", "megabyte", "megabytes"]),
        (1e9, ["GB", "gigabyte", "gigabytes"]),
        (1e12, ["TB", "terabyte", "terabytes"]),
        (1e15, ["PB", "petabyte", "petabytes"]),
        (1e18, ["EB", "exabyte", "exabytes"]),
        (1L << 10, ["K", "k", "Ki", "KiB", "kibibyte", "kibibytes"]),
        (1L << 20, ["M", "m", "Mi", "MiB", "mebibyte", "mebibytes"]),
        (1L << 30, ["G", "g", "Gi", "GiB", "gibibyte", "gibibytes"]),
        (1L << 40, ["T", "t", "Ti", "TiB", "tebibyte", "tebibytes"]),
        (1L << 50, ["P", "p", "Pi", "PiB", "pebibyte", "pebibytes"]),
        (1L << 60, ["E", "e", "Ei", "EiB", "exbibyte", "exbibytes"]));

    /// <summary>Parses a duration; <c>infinite</c> is <see cref="Timeout.InfiniteTimeSpan"/>, as in Akka.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration, out string error)
    {
        duration = default;
        var trimmed = text.Trim();
        if (trimmed is "infinite" or "inf")
        {
            duration = Timeout.InfiniteTimeSpan;
            error = string.Empty;
            return true;
        }

        if (!TrySplit(trimmed, out var number, out var unit))
        {
            error = $"expected a duration such as '100 ms', '2s' or '1 minute' but found '{text}'";
            return false;
        }

        var ticksPerUnit = TimeSpan.TicksPerMillisecond * 1.0;
        if (unit.Length > 0 && !TicksPerDurationUnit.TryGetValue(unit, out ticksPerUnit))
        {
            error = $"unknown duration unit '{unit}' in '{text}' (use ns, us, ms, s, m, h or d, or their long names)";
            return false;
        }

        var ticks = number * ticksPerUnit;
        if (double.IsNaN(ticks) || Math.Abs(ticks) >= TimeSpan.MaxValue.Ticks)
        {
            error = $"the duration '{text}' is out of range";
            return false;
        }

        duration = TimeSpan.FromTicks((long)Math.Round(ticks));
        error = string.Empty;
        return true;
    }

    /// <summary>Parses a size in bytes.</summary>
    public static bool TryParseSize(string text, out long bytes, out string error)
    {
        bytes = 0;
        if (!TrySplit(text.Trim(), out var number, out var unit))
        {
            error = $"expected a size such as '512 kB', '10 KiB' or '1M' but found '{text}'";
            return false;
        }

        var perUnit = 1.0;
        if (unit.Length > 0 && !BytesPerSizeUnit.TryGetValue(unit, out perUnit))
        {
            error = $"unknown size unit '{unit}' in '{text}' (use B, kB/KiB/K, MB/MiB/M, GB/GiB/G, TB/TiB/T)";
            return false;
        }

        var total = number * perUnit;
        if (double.IsNaN(total) || total < 0 || total >= long.MaxValue)
        {
            error = $"the size '{text}' is out of range (sizes are non-negative and below 2^63 bytes)";
            return false;
        }

        bytes = (long)Math.Round(total);
        error = string.Empty;
        return true;
    }

    private static bool TrySplit(string text, out double number, out string unit)
    {
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '.' or '-' or '+' || (end > 0 && text[end] is 'e' or 'E' && end + 1 < text.Length && (char.IsAsciiDigit(text[end + 1]) || text[end + 1] is '-' or '+'))))
        {
            end++;
        }

        unit = text[end..].Trim();
        return double.TryParse(text[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    private static Dictionary<string, double> Build(params (double Factor, string[] Names)[] units)
    {
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (factor, names) in units)
        {
            foreach (var name in names)
            {
                map[name] = factor;
            }
        }

        return map;
    }
}
