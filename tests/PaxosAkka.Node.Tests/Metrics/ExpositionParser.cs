using System.Globalization;
using System.Text;

namespace PaxosAkka.Node.Tests.Metrics;

/// <summary>One sample line: metric name, labels in order, value.</summary>
internal sealed record Sample(string Name, IReadOnlyList<(string Name, string Value)> Labels, double Value);

/// <summary>A parsed scrape.</summary>
internal sealed record Scrape(IReadOnlyList<Sample> Samples, IReadOnlyDictionary<string, string> Types, IReadOnlyDictionary<string, string> Helps)
{
    /// <summary>The value of the one sample with exactly these labels (any order).</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var matches = Samples.Where(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(s.Labels.Contains)).ToList();
        Assert.True(matches.Count == 1, $"expected one sample {name}{{{string.Join(",", labels)}}}, found {matches.Count}");
        return matches[0].Value;
    }
}

/// <summary>
/// A strict, independent reader of the Prometheus text format 0.0.4, written from the format's description (not
/// from our writer): it fails the test on any line it does not understand, on a sample without a preceding TYPE,
/// and on histograms whose buckets are not cumulative or do not end in +Inf equal to _count.
/// </summary>
internal static class ExpositionParser
{
    public static Scrape Parse(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text[..^1].Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                int space = rest.IndexOf(' ', StringComparison.Ordinal);
                Assert.True(helps.TryAdd(rest[..space], UnescapeHelp(rest[(space + 1)..])), $"second HELP: {line}");
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                Assert.True(types.TryAdd(parts[2], parts[3]), $"second TYPE: {line}");
            }
            else
            {
                Assert.False(line.StartsWith('#') || line.Length == 0, $"unexpected line: '{line}'");
                var sample = ParseSample(line);
                Assert.True(types.ContainsKey(FamilyOf(sample.Name, types)), $"sample before its TYPE: {line}");
                samples.Add(sample);
            }
        }

        CheckHistograms(samples, types);
        return new Scrape(samples, types, helps);
    }

    private static string FamilyOf(string name, Dictionary<string, string> types)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(name[..^suffix.Length], out var t) && t == "histogram")
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    private static Sample ParseSample(string line)
    {
        int i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':'))
        {
            i++;
        }

        string name = line[..i];
        Assert.False(name.Length == 0 || char.IsAsciiDigit(name[0]), $"bad metric name in: {line}");
        var labels = new List<(string, string)>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                int start = i;
                while (line[i] != '=')
                {
                    i++;
                }

                string label = line[start..i];
                Assert.Equal('"', line[i + 1]);
                i += 2;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw new FormatException($"bad escape \\{other} in: {line}"),
                        });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                labels.Add((label, value.ToString()));
                i++;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        Assert.Equal(' ', line[i]);
        string number = line[(i + 1)..];
        double parsed = number switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, parsed);
    }

    private static void CheckHistograms(List<Sample> samples, Dictionary<string, string> types)
    {
        foreach (var family in types.Where(t => t.Value == "histogram").Select(t => t.Key))
        {
            var buckets = samples.Where(s => s.Name == family + "_bucket").ToList();
            foreach (var series in buckets.GroupBy(b => string.Join(",", b.Labels.Where(l => l.Name != "le"))))
            {
                double previousBound = double.NegativeInfinity;
                double previousCount = 0;
                foreach (var bucket in series)
                {
                    string le = bucket.Labels.Single(l => l.Name == "le").Value;
                    double bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
                    Assert.True(bound > previousBound, $"{family} buckets not increasing");
                    Assert.True(bucket.Value >= previousCount, $"{family} buckets not cumulative");
                    previousBound = bound;
                    previousCount = bucket.Value;
                }

                Assert.True(double.IsPositiveInfinity(previousBound), $"{family} lacks le=\"+Inf\"");
                var labels = series.First().Labels.Where(l => l.Name != "le").ToList();
                var count = samples.Single(s => s.Name == family + "_count" && s.Labels.SequenceEqual(labels));
                Assert.Equal(previousCount, count.Value);
                Assert.Single(samples, s => s.Name == family + "_sum" && s.Labels.SequenceEqual(labels));
            }
        }
    }

    private static string UnescapeHelp(string help)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < help.Length; i++)
        {
            if (help[i] != '\\')
            {
                sb.Append(help[i]);
                continue;
            }

            i++;
            sb.Append(help[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                var other => throw new FormatException($"bad escape \\{other} in HELP: {help}"),
            });
        }

        return sb.ToString();
    }
}
