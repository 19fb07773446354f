using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Srm.Client.Text
{
    /// <summary>
    /// Text from the server made safe to show on a terminal, on one line. The objects keep the server's raw values;
    /// only what is shown (error messages, warnings, verbose and debug lines, progress, format views and completion
    /// tooltips) goes through here.
    /// </summary>
    /// <remarks>
    /// Each C0 control character and DEL is shown as its Unicode control picture: ESC as ␛ (U+241B), CR as ␍, LF as
    /// ␊, TAB as ␉. So an escape sequence cannot clear the screen or colour the text, and a line break cannot start
    /// a line that looks like the shell's own ("VERBOSE: ..."). C1 control characters (one of them, U+009B, starts
    /// an escape sequence on some terminals), the line and paragraph separators and the bidirectional controls, which
    /// reorder what is shown, are written as &lt;U+XXXX&gt;. Anything else is left as it is.
    /// </remarks>
    public static class DisplayText
    {
        /// <summary>The text on one line with its control characters made visible; null stays null.</summary>
        [return: NotNullIfNotNull(nameof(text))]
        public static string? OneLine(string? text)
        {
            if (text == null)
            {
                return null;
            }

            var first = FirstUnsafe(text);
            if (first < 0)
            {
                return text;
            }

            var builder = new StringBuilder(text.Length + 16);
            builder.Append(text, 0, first);
            for (var i = first; i < text.Length; i++)
            {
                var c = text[i];
                if (c < 0x20)
                {
                    builder.Append((char)(0x2400 + c));
                }
                else if (c == 0x7F)
                {
                    builder.Append('\u2421');
                }
                else if (IsUnsafe(c))
                {
                    builder.Append("<U+").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('>');
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        /// <summary>
        /// A value for a one-line view: a string as <see cref="OneLine(string)"/>, a dictionary as "{key: value, ...}",
        /// a list as "{a, b}" (nested values alike, to a few levels), anything else by its ToString, made safe too.
        /// </summary>
        public static string OneLineValue(object? value)
        {
            var builder = new StringBuilder();
            Append(builder, value, 0);
            return OneLine(builder.ToString());
        }

        /// <summary>Whether <see cref="OneLine(string)"/> would change the text.</summary>
        public static bool NeedsEscaping([NotNullWhen(true)] string? text) => text != null && FirstUnsafe(text) >= 0;

        private static void Append(StringBuilder builder, object? value, int depth)
        {
            const int MaxDepth = 4;
            switch (value)
            {
                case null:
                    return;
                case string text:
                    builder.Append(text);
                    return;
                case IDictionary dictionary when depth < MaxDepth:
                    builder.Append('{');
                    var firstEntry = true;
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (!firstEntry)
                        {
                            builder.Append(", ");
                        }

                        firstEntry = false;
                        Append(builder, entry.Key, depth + 1);
                        builder.Append(": ");
                        Append(builder, entry.Value, depth + 1);
                    }

                    builder.Append('}');
                    return;
                case IEnumerable items when depth < MaxDepth:
                    builder.Append('{');
                    var firstItem = true;
                    foreach (var item in items)
                    {
                        if (!firstItem)
                        {
                            builder.Append(", ");
                        }

                        firstItem = false;
                        Append(builder, item, depth + 1);
                    }

                    builder.Append('}');
                    return;
                case System.IFormattable formattable:
                    builder.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                    return;
                default:
                    builder.Append(value);
                    return;
            }
        }

        private static int FirstUnsafe(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (IsUnsafe(text[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool IsUnsafe(char c)
        {
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
            {
                return true;
            }

            switch (c)
            {
                case '\u061C': // arabic letter mark
                case '\u200E': // left-to-right mark
                case '\u200F': // right-to-left mark
                case '\u2028': // line separator
                case '\u2029': // paragraph separator
                    return true;
                default:
                    return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
            }
        }
    }
}
