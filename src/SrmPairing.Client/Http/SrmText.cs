using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Srm.Client.Http
{
    /// <summary>Small helpers for the module's messages: sentences ended once, values shown safely.</summary>
    internal static class SrmText
    {
        /// <summary>
        /// string.IsNullOrWhiteSpace, with the null contract netstandard2.0's declaration lacks: text that is not blank
        /// is not null.
        /// </summary>
        internal static bool IsBlank([NotNullWhen(false)] string? text) => string.IsNullOrWhiteSpace(text);

        /// <summary>string.IsNullOrEmpty, with the null contract netstandard2.0's declaration lacks.</summary>
        internal static bool IsEmpty([NotNullWhen(false)] string? text) => string.IsNullOrEmpty(text);

        /// <summary>
        /// <paramref name="text"/> as a finished sentence: trailing white space removed and a full stop added unless it
        /// already ends with '.', '!' or '?'. Use it wherever a message, perhaps from elsewhere (the OS, the server, a
        /// note), is followed by more text.
        /// </summary>
        internal static string EndSentence(string? text)
        {
            var trimmed = (text ?? string.Empty).TrimEnd();
            if (trimmed.Length == 0)
            {
                return trimmed;
            }

            var last = trimmed[trimmed.Length - 1];
            return last == '.' || last == '!' || last == '?' ? trimmed : trimmed + ".";
        }

        /// <summary>
        /// A value from a server or a user, quoted for a message: control characters written as escapes (\r, \n,
        /// \u0000), and cut to <paramref name="maxLength"/> characters.
        /// </summary>
        internal static string Quote(string? value, int maxLength = 80)
        {
            if (value == null)
            {
                return "(none)";
            }

            var shown = new StringBuilder("'");
            foreach (var c in value.Length > maxLength ? value.Substring(0, maxLength) : value)
            {
                switch (c)
                {
                    case '\r': shown.Append("\\r"); break;
                    case '\n': shown.Append("\\n"); break;
                    case '\t': shown.Append("\\t"); break;
                    default:
                        if (char.IsControl(c))
                        {
                            shown.Append("\\u").Append(((int)c).ToString("x4"));
                        }
                        else
                        {
                            shown.Append(c);
                        }

                        break;
                }
            }

            return shown.Append(value.Length > maxLength ? "...'" : "'").ToString();
        }

        /// <summary>A byte count as the options are given: "4 MiB", "64 KiB" or "1000 bytes".</summary>
        internal static string Bytes(long count)
        {
            if (count >= 1024 * 1024 && count % (1024 * 1024) == 0)
            {
                return (count / (1024 * 1024)) + " MiB";
            }

            return count >= 1024 && count % 1024 == 0 ? (count / 1024) + " KiB" : count + " bytes";
        }
    }
}
