using System;
using System.Management.Automation;
using Srm.Client.Http;

namespace Srm.PowerShell.Commands
{
    /// <summary>The one way a cmdlet's PSCredential becomes the client library's <see cref="SrmCredential"/>.</summary>
    internal static class CredentialConversion
    {
        /// <summary>
        /// The user name and a copy of the password (still a SecureString: no plaintext is made here); null for null
        /// or [pscredential]::Empty, which the credential parameters' validation refuses where a value is needed.
        /// </summary>
        internal static SrmCredential? ToSrmCredential(this PSCredential? credential)
        {
            return credential == null || credential == PSCredential.Empty ? null : new SrmCredential(credential.UserName, credential.Password);
        }

        /// <summary>
        /// As <see cref="ToSrmCredential"/>, for a mandatory credential parameter: its validation ([ValidateNotNull],
        /// [ValidateCredential]) has refused null and [pscredential]::Empty, so there is always a credential.
        /// </summary>
        internal static SrmCredential ToRequiredSrmCredential(this PSCredential credential)
        {
            return credential.ToSrmCredential() ??
                   throw new ArgumentException("The credential has no user name; the parameter's validation should have refused it.", nameof(credential));
        }
    }
}
