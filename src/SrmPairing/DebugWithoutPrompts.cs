using System.Collections.Generic;
using System.Management.Automation;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Turns the "Inquire" that -Debug gives a compiled cmdlet's streams into "Continue", so that -Debug shows its
    /// records instead of asking about each one (and failing where nobody can answer).
    /// </summary>
    /// <remarks>
    /// The engine's command runtime decides each stream's preference: -Debug makes the verbose and warning streams
    /// Inquire unless -Verbose or -WarningAction is given (and the debug stream too in Windows PowerShell). It has no
    /// public way to say otherwise, so its internal preference properties are set, which take precedence over the
    /// switches; where the verbose preference has no setter (PowerShell 7), its -Verbose flag is set instead. When a
    /// runtime lacks them (a test runtime, a changed engine) nothing is done.
    /// </remarks>
    internal static class DebugWithoutPrompts
    {
        internal static void Apply(ICommandRuntime runtime, IDictionary<string, object> boundParameters)
        {
            if (runtime == null || !DebugRequested(boundParameters))
            {
                return;
            }

            TryContinue(runtime, "DebugPreference");
            if (!boundParameters.ContainsKey("Verbose") && !TryContinue(runtime, "VerbosePreference"))
            {
                // PowerShell 7 has no setter for the verbose preference: say -Verbose instead, which is what a
                // Continue means there.
                if (IsInquire(runtime, "VerbosePreference"))
                {
                    CommandRuntimeProperty.TrySet(runtime, "Verbose", true);
                }
            }

            if (!boundParameters.ContainsKey("WarningAction"))
            {
                TryContinue(runtime, "WarningPreference");
            }
        }

        /// <summary>Sets the preference to Continue if it is Inquire; false when it is Inquire and cannot be set.</summary>
        private static bool TryContinue(ICommandRuntime runtime, string preference)
        {
            return !IsInquire(runtime, preference) || CommandRuntimeProperty.TrySet(runtime, preference, ActionPreference.Continue);
        }

        private static bool IsInquire(ICommandRuntime runtime, string preference) =>
            CommandRuntimeProperty.TryGet(runtime, preference, out ActionPreference value) && value == ActionPreference.Inquire;

        private static bool DebugRequested(IDictionary<string, object> boundParameters)
        {
            if (boundParameters == null || !boundParameters.TryGetValue("Debug", out var value))
            {
                return false;
            }

            if (value is PSObject wrapped)
            {
                value = wrapped.BaseObject;
            }

            return value is SwitchParameter flag ? flag.IsPresent : value is bool b && b;
        }
    }
}
