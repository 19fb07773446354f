#Requires -Version 7.2
# The simulator task: builds, then runs the published simulator in the foreground until Ctrl+C.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module (Join-Path $PSScriptRoot 'Common.psm1')
Import-Module (Join-Path $PSScriptRoot 'Build.psm1')

function Invoke-SimulatorTask {
    <# .SYNOPSIS Builds, then runs out/SrmPairing.Simulator with the given arguments until Ctrl+C. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $Context,
        [string[]] $SimulatorArgs = @()
    )
    Invoke-BuildTask -Context $Context
    $dll = Join-Path $Context.SimulatorOut 'SrmPairing.Simulator.dll'
    # From bash, -SimulatorArgs '--port','8443' arrives as the single string '--port,8443': split it.
    $simArgs = @($SimulatorArgs | ForEach-Object { $_ -split ',' } | Where-Object { $_ -ne '' })
    Write-Step "Running the simulator (Ctrl+C to stop): dotnet $dll $($simArgs -join ' ')"
    & (Get-DotnetPath) $dll @simArgs
    # Ctrl+C (SIGINT, 130) is how it is meant to stop; anything else non-zero is a failure.
    if ($LASTEXITCODE -notin 0, 130, -1073741510) { throw "The simulator exited with code $LASTEXITCODE." }
}

Export-ModuleMember -Function Invoke-SimulatorTask
