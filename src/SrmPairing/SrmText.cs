namespace Srm.PowerShell.Commands
{
    /// <summary>The cmdlets' own small helper for messages (the client library keeps its own to itself).</summary>
    internal static class SrmText
    {
        /// <summary>
        /// <paramref name="text"/> as a finished sentence: trailing white space removed and a full stop added unless it
        /// already ends with '.', '!' or '?'.
        /// </summary>
        internal static string EndSentence(string text)
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
