using System.Text;

namespace PaxosAkka.Hocon;

/// <summary>
/// Renders a resolved tree back to HOCON (which parses back to an equal tree): objects with indented
/// <c>key = value</c> lines, strings always quoted so that their whitespace and special characters survive.
/// </summary>
internal static class HoconRenderer
{
    public static string Render(HoconValue value)
    {
        var sb = new StringBuilder();
        Write(sb, value, 0);
        return sb.ToString();
    }

    /// <summary>Renders the fields of a root object without surrounding braces, as a config file is written.</summary>
    public static string RenderRoot(HoconObject root)
    {
        var sb = new StringBuilder();
        WriteFields(sb, root, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, HoconValue value, int indent)
    {
        switch (value)
        {
            case HoconObject obj when obj.Count == 0:
                sb.Append("{}");
                break;
            case HoconObject obj:
                sb.Append("{\n");
                WriteFields(sb, obj, indent + 1);
                sb.Append(' ', indent * 2).Append('}');
                break;
            case HoconArray array when array.Items.Count == 0:
                sb.Append("[]");
                break;
            case HoconArray array:
                sb.Append("[\n");
                foreach (var item in array.Items)
                {
                    sb.Append(' ', (indent + 1) * 2);
                    Write(sb, item, indent + 1);
                    sb.Append('\n');
                }

                sb.Append(' ', indent * 2).Append(']');
                break;
            case HoconScalar { Kind: HoconScalarKind.String } scalar:
                sb.Append(ConfigPath.Quote(scalar.Text));
                break;
            case HoconScalar scalar:
                sb.Append(scalar.Text);
                break;
            case HoconSubstitution substitution:
                sb.Append(substitution.Expression);
                break;
            case HoconConcatenation concatenation:
                foreach (var piece in concatenation.Pieces)
                {
                    Write(sb, piece, indent);
                }

                break;
        }
    }

    private static void WriteFields(StringBuilder sb, HoconObject obj, int indent)
    {
        foreach (var (key, value) in obj.Fields)
        {
            sb.Append(' ', indent * 2).Append(ConfigPath.RenderKey(key)).Append(value is HoconObject ? " " : " = ");
            Write(sb, value, indent);
            sb.Append('\n');
        }
    }
}
