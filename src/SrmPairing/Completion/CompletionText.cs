using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Srm.PowerShell.Commands;
using Srm.Client.Models;
using Srm.Client.Text;

namespace Srm.PowerShell.Completion
{
    /// <summary>What the completers share: matching what was typed, quoting, and the connection a command line names.</summary>
    internal static class CompletionText
    {
        /// <summary>A case-insensitive wildcard pattern for "what was typed, then anything" (quotes stripped).</summary>
        internal static WildcardPattern Pattern(string? wordToComplete)
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
        internal static SrmConnection? ConnectionOf(IDictionary? fakeBoundParameters)
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

            if (value is string text && SrmConnectionRegistry.TryFind(text, out var named, out _))
            {
                return named;
            }

            return value == null ? SrmConnectionRegistry.Default : null;
        }

        /// <summary>
        /// What the completers of remembered items share: the items remembered for the connection the command line
        /// names (nothing without one), those whose value matches what was typed, each value once, with a tooltip. A
        /// value holding control characters is not offered, as it cannot be typed. Never asks the server.
        /// </summary>
        internal static IEnumerable<CompletionResult> Remembered<T>(IDictionary? fakeBoundParameters, string? wordToComplete,
            Func<SrmConnection, IEnumerable<T>> remembered, Func<T, string?> value, Func<T, string> toolTip)
        {
            var connection = ConnectionOf(fakeBoundParameters);
            if (connection == null)
            {
                return Enumerable.Empty<CompletionResult>();
            }

            var pattern = Pattern(wordToComplete);
            return remembered(connection)
                .Select(item => (Item: item, Value: value(item) ?? string.Empty))
                .Where(x => x.Value.Length > 0 && pattern.IsMatch(x.Value) && !DisplayText.NeedsEscaping(x.Value))
                .GroupBy(x => x.Value, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.First())
                .Select(x => new CompletionResult(Quote(x.Value), x.Value, CompletionResultType.ParameterValue, toolTip(x.Item)))
                .ToList();
        }

        private static readonly char[] Special = { ' ', '\t', '\'', '"', '`', '$', ';', ',', '(', ')', '{', '}', '@', '&', '|', '<', '>', '#' };
    }
}
