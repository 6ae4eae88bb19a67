using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PaxosAkka.Hocon;

/// <summary>Typed getters. Each has a throwing form and a form with a default for a missing path.</summary>
public sealed partial class Config
{
    // A conversion returns the value, or null plus a reason when the value cannot be read as that type.
    private delegate bool Converter<T>(HoconValue value, out T result, out string? detail);

    /// <summary>The string at <paramref name="path"/>; numbers and booleans are returned as written.</summary>
    public string GetString(string path) => Get<string>(path, "a string", TryString);

    /// <summary>The string at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing.</summary>
    [return: NotNullIfNotNull(nameof(defaultValue))]
    public string? GetString(string path, string? defaultValue) => GetOrDefault(path, defaultValue, "a string", TryString);

    /// <summary>The 32-bit integer at <paramref name="path"/>.</summary>
    public int GetInt(string path) => Get<int>(path, "a 32-bit integer", TryInt);

    /// <summary>The 32-bit integer at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing.</summary>
    public int GetInt(string path, int defaultValue) => GetOrDefault(path, defaultValue, "a 32-bit integer", TryInt);

    /// <summary>The 64-bit integer at <paramref name="path"/>.</summary>
    public long GetLong(string path) => Get<long>(path, "a 64-bit integer", TryLong);

    /// <summary>The 64-bit integer at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing.</summary>
    public long GetLong(string path, long defaultValue) => GetOrDefault(path, defaultValue, "a 64-bit integer", TryLong);

    /// <summary>The number at <paramref name="path"/>.</summary>
    public double GetDouble(string path) => Get<double>(path, "a number", TryDouble);

    /// <summary>The number at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing.</summary>
    public double GetDouble(string path, double defaultValue) => GetOrDefault(path, defaultValue, "a number", TryDouble);

    /// <summary>The boolean at <paramref name="path"/>: true/false, yes/no or on/off.</summary>
    public bool GetBoolean(string path) => Get<bool>(path, "a boolean", TryBoolean);

    /// <summary>The boolean at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing.</summary>
    public bool GetBoolean(string path, bool defaultValue) => GetOrDefault(path, defaultValue, "a boolean", TryBoolean);

    /// <summary>
    /// The duration at <paramref name="path"/>: <c>2s</c>, <c>100 ms</c>, <c>1 minute</c>, <c>infinite</c>; a plain
    /// number is milliseconds, as in Akka.
    /// </summary>
    public TimeSpan GetTimeSpan(string path) => Get<TimeSpan>(path, "a duration", TryDuration);

    /// <summary>The duration at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing.</summary>
    public TimeSpan GetTimeSpan(string path, TimeSpan defaultValue) => GetOrDefault(path, defaultValue, "a duration", TryDuration);

    /// <summary>
    /// The size in bytes at <paramref name="path"/>: <c>512 kB</c> (10^3), <c>10 KiB</c> or <c>10K</c> (2^10),
    /// <c>1M</c>; a plain number is bytes. Never null when the path exists (nullable as in Akka.NET's API).
    /// </summary>
    public long? GetByteSize(string path) => Get<long?>(path, "a size in bytes", TrySize);

    /// <summary>The size in bytes at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing.</summary>
    public long? GetByteSize(string path, long? defaultValue) => GetOrDefault(path, defaultValue, "a size in bytes", TrySize);

    /// <summary>The list of strings at <paramref name="path"/>.</summary>
    public IReadOnlyList<string> GetStringList(string path) => Get<IReadOnlyList<string>>(path, "a list of strings", TryList<string>(TryString));

    /// <summary>The list of strings at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing.</summary>
    public IReadOnlyList<string> GetStringList(string path, IReadOnlyList<string> defaultValue) =>
        GetOrDefault(path, defaultValue, "a list of strings", TryList<string>(TryString));

    /// <summary>The list of 32-bit integers at <paramref name="path"/>.</summary>
    public IReadOnlyList<int> GetIntList(string path) => Get<IReadOnlyList<int>>(path, "a list of integers", TryList<int>(TryInt));

    /// <summary>The list of 32-bit integers at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing.</summary>
    public IReadOnlyList<int> GetIntList(string path, IReadOnlyList<int> defaultValue) =>
        GetOrDefault(path, defaultValue, "a list of integers", TryList<int>(TryInt));

    /// <summary>The list of 64-bit integers at <paramref name="path"/>.</summary>
    public IReadOnlyList<long> GetLongList(string path) => Get<IReadOnlyList<long>>(path, "a list of integers", TryList<long>(TryLong));

    /// <summary>The list of 64-bit integers at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing.</summary>
    public IReadOnlyList<long> GetLongList(string path, IReadOnlyList<long> defaultValue) =>
        GetOrDefault(path, defaultValue, "a list of integers", TryList<long>(TryLong));

    /// <summary>The list of numbers at <paramref name="path"/>.</summary>
    public IReadOnlyList<double> GetDoubleList(string path) => Get<IReadOnlyList<double>>(path, "a list of numbers", TryList<double>(TryDouble));

    /// <summary>The list of numbers at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing.</summary>
    public IReadOnlyList<double> GetDoubleList(string path, IReadOnlyList<double> defaultValue) =>
        GetOrDefault(path, defaultValue, "a list of numbers", TryList<double>(TryDouble));

    /// <summary>The list of booleans at <paramref name="path"/>.</summary>
    public IReadOnlyList<bool> GetBooleanList(string path) => Get<IReadOnlyList<bool>>(path, "a list of booleans", TryList<bool>(TryBoolean));

    /// <summary>The list of booleans at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing.</summary>
    public IReadOnlyList<bool> GetBooleanList(string path, IReadOnlyList<bool> defaultValue) =>
        GetOrDefault(path, defaultValue, "a list of booleans", TryList<bool>(TryBoolean));

    /// <summary>The list of durations at <paramref name="path"/> (plain numbers are milliseconds).</summary>
    public IReadOnlyList<TimeSpan> GetTimeSpanList(string path) => Get<IReadOnlyList<TimeSpan>>(path, "a list of durations", TryList<TimeSpan>(TryDuration));

    /// <summary>The list of durations at <paramref name="path"/>, or <paramref name="defaultValue"/> when missing.</summary>
    public IReadOnlyList<TimeSpan> GetTimeSpanList(string path, IReadOnlyList<TimeSpan> defaultValue) =>
        GetOrDefault(path, defaultValue, "a list of durations", TryList<TimeSpan>(TryDuration));

    private T Get<T>(string path, string expected, Converter<T> convert)
    {
        var value = GetValue(path) ?? throw Missing(path);
        return convert(value, out var result, out var detail) ? result : throw WrongType(path, value, expected, detail);
    }

    private T GetOrDefault<T>(string path, T defaultValue, string expected, Converter<T> convert)
    {
        var value = GetValue(path);
        if (value is null)
        {
            return defaultValue;
        }

        return convert(value, out var result, out var detail) ? result : throw WrongType(path, value, expected, detail);
    }

    private static bool TryString(HoconValue value, out string result, out string? detail)
    {
        detail = null;
        result = value is HoconScalar scalar ? scalar.Text : string.Empty;
        return value is HoconScalar;
    }

    private static bool TryInt(HoconValue value, out int result, out string? detail)
    {
        result = 0;
        var ok = TryLong(value, out var wide, out detail);
        if (ok && wide is < int.MinValue or > int.MaxValue)
        {
            detail = "it is outside the range of a 32-bit integer";
            return false;
        }

        result = (int)wide;
        return ok;
    }

    private static bool TryLong(HoconValue value, out long result, out string? detail)
    {
        detail = null;
        result = 0;
        if (value is not HoconScalar { Kind: HoconScalarKind.Number or HoconScalarKind.String } scalar)
        {
            return false;
        }

        var text = scalar.Text.Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result))
        {
            return true;
        }

        // "1e3" or "10.0" are whole numbers written as doubles.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18)
        {
            result = (long)d;
            return true;
        }

        return false;
    }

    private static bool TryDouble(HoconValue value, out double result, out string? detail)
    {
        detail = null;
        result = 0;
        return value is HoconScalar { Kind: HoconScalarKind.Number or HoconScalarKind.String } scalar
            && double.TryParse(scalar.Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out result);
    }

    private static bool TryBoolean(HoconValue value, out bool result, out string? detail)
    {
        detail = null;
        result = false;
        if (value is not HoconScalar { Kind: HoconScalarKind.Boolean or HoconScalarKind.String } scalar)
        {
            return false;
        }

        switch (scalar.Text.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                result = true;
                return true;
            case "false" or "no" or "off":
                return true;
            default:
                detail = "use true/false, yes/no or on/off";
                return false;
        }
    }

    private static bool TryDuration(HoconValue value, out TimeSpan result, out string? detail)
    {
        result = default;
        detail = null;
        if (value is not HoconScalar { Kind: HoconScalarKind.Number or HoconScalarKind.String } scalar)
        {
            return false;
        }

        var ok = HoconUnits.TryParseDuration(scalar.Text, out result, out var error);
        detail = ok ? null : error;
        return ok;
    }

    private static bool TrySize(HoconValue value, out long? result, out string? detail)
    {
        result = null;
        detail = null;
        if (value is not HoconScalar { Kind: HoconScalarKind.Number or HoconScalarKind.String } scalar)
        {
            return false;
        }

        var ok = HoconUnits.TryParseSize(scalar.Text, out var bytes, out var error);
        result = ok ? bytes : null;
        detail = ok ? null : error;
        return ok;
    }

    private static Converter<IReadOnlyList<T>> TryList<T>(Converter<T> element) =>
        (HoconValue value, out IReadOnlyList<T> result, out string? detail) =>
        {
            result = [];
            detail = null;
            if (value is not HoconArray array)
            {
                return false;
            }

            var items = new List<T>(array.Items.Count);
            for (var i = 0; i < array.Items.Count; i++)
            {
                if (!element(array.Items[i], out var item, out var itemDetail))
                {
                    detail = $"element {i} ({array.Items[i]}) cannot be read{(itemDetail is null ? string.Empty : ": " + itemDetail)}";
                    return false;
                }

                items.Add(item);
            }

            result = items;
            return true;
        };
}
