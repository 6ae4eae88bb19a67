using System.Globalization;
using System.Reflection;

namespace PaxosAkka.Simulation.Tests;

public class ReferenceConfigTests
{
    /// <summary>Reads the flat `key = value` lines of one `name { ... }` block (enough for our own reference.conf).</summary>
    private static Dictionary<string, string> Section(string text, string name)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var depth = 0;
        var inside = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('{'))
            {
                depth++;
                inside = line.StartsWith(name + " ", StringComparison.Ordinal) ? true : inside;
                continue;
            }

            if (line == "}")
            {
                depth--;
                continue;
            }

            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            if (inside && parts.Length == 2 && Depth(name) == depth)
            {
                values[parts[0]] = parts[1];
            }
        }

        return values;

        int Depth(string section) => section == "faults" ? 2 : 1;
    }

    private static void AssertMatchesDefaults(object defaults, Dictionary<string, string> conf)
    {
        var properties = defaults.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && (p.PropertyType == typeof(int) || p.PropertyType == typeof(double) || p.PropertyType == typeof(bool)))
            .ToList();
        Assert.NotEmpty(properties);
        foreach (var property in properties)
        {
            var key = string.Concat(property.Name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
            Assert.True(conf.TryGetValue(key, out var text), $"reference.conf lacks {key} ({property.Name})");
            var expected = Convert.ToString(property.GetValue(defaults), CultureInfo.InvariantCulture)!.ToLowerInvariant();
            Assert.True(expected == text, $"{key}: reference.conf says {text}, the code default is {expected}");
        }
    }

    [Fact]
    public void Reference_conf_documents_every_simulation_option_default()
    {
        var conf = Section(SimulationReferenceConfig.Text, "paxos.simulation");
        AssertMatchesDefaults(new SimulationOptions(), conf);
    }

    [Fact]
    public void Reference_conf_documents_every_fault_default()
    {
        var conf = Section(SimulationReferenceConfig.Text, "faults");
        AssertMatchesDefaults(FaultOptions.AllOn, conf);
    }
}
