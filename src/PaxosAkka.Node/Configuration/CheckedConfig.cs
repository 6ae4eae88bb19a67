using Akka.Configuration;

namespace PaxosAkka.Node.Configuration;

/// <summary>
/// Typed reads of a config section that turn a malformed value into a <see cref="ConfigurationException"/> naming
/// its full path and what was found (Akka's getters throw a bare <see cref="FormatException"/>).
/// </summary>
internal static class CheckedConfig
{
    public static TimeSpan Duration(this Config config, string key, string section) => config.Checked(key, section, "a duration such as 500ms", (c, k) => c.GetTimeSpan(k));

    public static int Int(this Config config, string key, string section) => config.Checked(key, section, "a whole number", (c, k) => c.GetInt(k));

    public static long Long(this Config config, string key, string section) => config.Checked(key, section, "a whole number", (c, k) => c.GetLong(k));

    public static double Double(this Config config, string key, string section) => config.Checked(key, section, "a number", (c, k) => c.GetDouble(k));

    private static T Checked<T>(this Config config, string key, string section, string expected, Func<Config, string, T> read)
    {
        try
        {
            return read(config, key);
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException or ArgumentException)
        {
            throw new ConfigurationException($"{section}.{key} = '{config.GetString(key)}' is not {expected}", e);
        }
    }
}
