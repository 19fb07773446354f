#Requires -Version 7.2
# The demo task: starts the simulator with its remote site endpoints and runs examples/Demo.ps1 against it in a
# child pwsh (the module's dll is never loaded into the build process).
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module (Join-Path $PSScriptRoot 'Common.psm1')
Import-Module (Join-Path $PSScriptRoot 'Build.psm1')

function Invoke-DemoTask {
    <#
    .SYNOPSIS
    Builds (unless -NoBuild), starts the simulator, runs examples/Demo.ps1 and stops the simulator.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Context,
        # How long each simulated task runs.
        [int] $TaskDurationMs = 4000,
        # Use out/ as it is (it must have been built).
        [switch] $NoBuild
    )
    if (-not $NoBuild) { Invoke-BuildTask -Context $Context }
    Import-Module (Join-Path $Context.Root 'tests' 'pester' 'SrmTestHelpers.psm1') -Force
    Write-Step "Starting the simulator (tasks take $TaskDurationMs ms)"
    # With its remote site endpoints: vc-b's PSC and SRM answer TLS on 127.0.0.1, so the preflight can pass.
    $sim = Start-SrmSimulator -TaskDurationMs $TaskDurationMs -SiteEndpoints
    try {
        Write-Host "Simulator: $($sim.BaseUrl)"
        Write-Host "Thumbprint: $($sim.Thumbprint)"
        $remote = Get-SrmSimulatorSite -Name 'vc-b' -Simulator $sim | Select-Object -First 1
        if (-not $remote) { throw "The simulator has no remote site 'vc-b'." }

        Write-Step 'Pairing with the simulated remote site, then removing the pairing (child pwsh)'
        Invoke-ChildPwsh -File (Join-Path $Context.Root 'examples' 'Demo.ps1') -Arguments @(
            '-ModulePath', (Join-Path $Context.ModuleOut "$($Context.ModuleName).psd1"),
            '-Server', $sim.Server, '-Thumbprint', $sim.Thumbprint, '-RemotePscUrl', "$($remote.PscUrl):$($remote.PscPort)",
            '-RemoteVcGuid', $remote.VcGuid)
        if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
    } finally {
        Write-Step 'Stopping the simulator'
        Stop-SrmSimulator -Simulator $sim
    }
}

Export-ModuleMember -Function Invoke-DemoTask
