using System.Diagnostics.CodeAnalysis;

namespace Srm.PowerShell.Commands
{
    /// <summary>The cmdlets' own small helper for messages (the client library keeps its own to itself).</summary>
    internal static class SrmText
    {
        /// <summary>
        /// string.IsNullOrWhiteSpace, with the null contract netstandard2.0's declaration lacks: text that is not blank
        /// is not null.
        /// </summary>
        internal static bool IsBlank([NotNullWhen(false)] string? text) => string.IsNullOrWhiteSpace(text);

        /// <summary>
        /// <paramref name="text"/> as a finished sentence: trailing white space removed and a full stop added unless it
        /// already ends with '.', '!' or '?'.
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
    }
}
