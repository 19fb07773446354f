using System.Management.Automation;

namespace Srm.PowerShell.Commands
{
    /// <summary>Refuses null, empty and whitespace-only strings (ValidateNotNullOrWhiteSpace does not exist in 5.1).</summary>
    internal sealed class ValidateNotBlankAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object? arguments, EngineIntrinsics engineIntrinsics)
        {
            if (arguments is string text && string.IsNullOrWhiteSpace(text))
            {
                throw new ValidationMetadataException("The argument is empty or blank. Supply a value that is not blank.");
            }

            if (arguments == null)
            {
                throw new ValidationMetadataException("The argument is null. Supply a value that is not blank.");
            }
        }
    }
}
