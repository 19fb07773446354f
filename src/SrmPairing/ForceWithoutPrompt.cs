using System.Collections.Generic;
using System.Management.Automation;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// -Force of a cmdlet whose ConfirmImpact is High: it answers the confirmation as -Confirm:$false does (unless
    /// -Confirm is given), so that ShouldProcess does not ask, while -WhatIf and $WhatIfPreference are still decided by
    /// ShouldProcess, the engine's way.
    /// </summary>
    /// <remarks>
    /// The idiom of PowerShell's own cmdlets, <c>ShouldProcess(...) &amp;&amp; (Force || ShouldContinue(...))</c>, lets
    /// -Force skip the question ShouldContinue adds to cmdlets whose ShouldProcess does not ask by default (Medium
    /// impact). It cannot skip the question ShouldProcess itself asks of a High impact cmdlet at the default
    /// $ConfirmPreference (High), and the engine has no public way for a cmdlet to say "-Confirm:$false". So the
    /// command runtime's internal Confirm flag is set, the one the -Confirm parameter sets. Where a runtime lacks it (a
    /// test runtime, a changed engine) nothing is done, and ShouldProcess asks as it would without -Force.
    /// </remarks>
    internal static class ForceWithoutPrompt
    {
        internal static void Apply(ICommandRuntime runtime, IDictionary<string, object> boundParameters)
        {
            if (runtime == null || boundParameters == null || boundParameters.ContainsKey("Confirm"))
            {
                return;
            }

            // When the runtime would not take it, ShouldProcess asks.
            CommandRuntimeProperty.TrySet(runtime, "Confirm", new SwitchParameter(false));
        }
    }
}
