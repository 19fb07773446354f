#Requires -Version 7.2
<#
.SYNOPSIS
The SrmPairing story against one SRM server: connect with its certificate pinned, read the remote PSC's
certificate, check the pairing, pair and wait with progress, list, log in to the remote site, remove the pairing
and disconnect. Each command is printed (PS> ...) before its output.
.DESCRIPTION
`dotnet pwsh ./build.ps1 demo` runs it against the simulator (started with its remote site endpoints), in a pwsh
of its own. The remote site's login is the same as the local one here, as it is in the simulator.
.EXAMPLE
./examples/Demo.ps1 -ModulePath ./out/SrmPairing/SrmPairing.psd1 -Server 127.0.0.1:9443 -Thumbprint AB:CD:... `
    -RemotePscUrl 127.0.0.1:9444 -RemoteVcGuid 7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Server,
    [Parameter(Mandatory)] [string] $Thumbprint,
    [Parameter(Mandatory)] [string] $RemotePscUrl,
    [Parameter(Mandatory)] [string] $RemoteVcGuid,
    [pscredential] $Credential = [pscredential]::new('administrator@vsphere.local', (ConvertTo-SecureString 'VMware1!' -AsPlainText -Force))
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'Continue'
function Show([string] $Text) { Write-Host "PS> $Text" -ForegroundColor Yellow }

Import-Module $ModulePath -Force
$cred = $Credential

Show "Connect-SrmServer -Server $Server -Credential `$cred -CertificateThumbprint $Thumbprint"
Connect-SrmServer -Server $Server -Credential $cred -CertificateThumbprint $Thumbprint | Format-List | Out-Host
try {
    # Read the remote PSC's certificate, as one would before pinning it (check it with the remote site's admin).
    Show "`$psc = Get-SrmCertificateThumbprint -Server $RemotePscUrl"
    $psc = Get-SrmCertificateThumbprint -Server $RemotePscUrl
    $psc | Format-List | Out-Host

    $spec = @{ RemotePscUrl = $RemotePscUrl; RemotePscThumbprint = $psc.Sha256Thumbprint; RemoteVcGuid = $RemoteVcGuid; RemoteCredential = $cred }
    $line = "-RemotePscUrl $RemotePscUrl -RemotePscThumbprint `$psc.Sha256Thumbprint -RemoteVcGuid $RemoteVcGuid -RemoteCredential `$cred"

    Show "Test-SrmPairing $line"
    $checks = Test-SrmPairing @spec
    $checks | Format-Table -AutoSize -Wrap | Out-Host
    if (@($checks | Where-Object Result -eq Failed).Count -gt 0) { throw 'The pairing preflight failed.' }

    Show "New-SrmPairing $line | Wait-SrmTask"
    $task = New-SrmPairing @spec | Wait-SrmTask
    $task | Format-List | Out-Host

    Show 'Get-SrmPairing'
    Get-SrmPairing | Out-Host

    Show "`$pairing = Get-SrmPairing -RemoteVcGuid $RemoteVcGuid | Connect-SrmRemoteSite -Credential `$cred"
    $pairing = Get-SrmPairing -RemoteVcGuid $RemoteVcGuid | Connect-SrmRemoteSite -Credential $cred
    $pairing | Format-List | Out-Host

    Show '$pairing | Remove-SrmPairing -Confirm:$false | Wait-SrmTask'
    $pairing | Remove-SrmPairing -Confirm:$false | Wait-SrmTask | Format-List | Out-Host

    Show 'Get-SrmPairing'
    Get-SrmPairing | Out-Host
} finally {
    Show 'Disconnect-SrmServer'
    Disconnect-SrmServer
}
