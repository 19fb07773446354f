using System.Collections;
using System.Management.Automation;
using SrmPairing.Commands;
using SrmPairing.Models;

namespace SrmPairing.Completion
{
    /// <summary>What the completers share: matching what was typed, quoting, and the connection a command line names.</summary>
    internal static class CompletionText
    {
        /// <summary>A case-insensitive wildcard pattern for "what was typed, then anything" (quotes stripped).</summary>
        internal static WildcardPattern Pattern(string wordToComplete)
        {
            var word = (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');
            return new WildcardPattern(word + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        }

        /// <summary>The value as PowerShell has to read it: single-quoted when it holds spaces or special characters.</summary>
        internal static string Quote(string value)
        {
            if (value.Length > 0 && value.IndexOfAny(Special) < 0)
            {
                return value;
            }

            return "'" + value.Replace("'", "''") + "'";
        }

        /// <summary>The connection -Connection names on the command line so far (an object or its text), else the default.</summary>
        internal static SrmConnection ConnectionOf(IDictionary fakeBoundParameters)
        {
            var value = fakeBoundParameters != null && fakeBoundParameters.Contains("Connection") ? fakeBoundParameters["Connection"] : null;
            if (value is PSObject wrapped)
            {
                value = wrapped.BaseObject;
            }

            if (value is SrmConnection connection)
            {
                return connection;
            }

            if (value is string text && SrmConnectionRegistry.TryFind(text, out connection, out _))
            {
                return connection;
            }

            return value == null ? SrmConnectionRegistry.Default : null;
        }

        private static readonly char[] Special = { ' ', '\t', '\'', '"', '`', '$', ';', ',', '(', ')', '{', '}', '@', '&', '|', '<', '>', '#' };
    }
}
