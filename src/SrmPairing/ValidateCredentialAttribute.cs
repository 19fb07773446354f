using System.Management.Automation;

namespace Srm.PowerShell.Commands
{
    /// <summary>
    /// Refuses a credential without a user name ([pscredential]::Empty, or a blank user name) while the parameter is
    /// bound, before anything is sent. Null is left to ValidateNotNull where the parameter needs a value.
    /// </summary>
    internal sealed class ValidateCredentialAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object? arguments, EngineIntrinsics engineIntrinsics)
        {
            if (arguments is PSObject wrapped)
            {
                arguments = wrapped.BaseObject;
            }

            if (arguments is PSCredential credential && (credential == PSCredential.Empty || string.IsNullOrWhiteSpace(credential.UserName)))
            {
                throw new ValidationMetadataException(
                    "The credential has no user name. Supply a credential with a user name and password, for example from Get-Credential.");
            }
        }
    }
}
