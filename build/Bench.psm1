#Requires -Version 7.2
# The bench task: builds, then bench/Invoke-Benchmark.ps1 in a child pwsh (it starts its scenarios in child pwsh
# processes of its own and exits non-zero when a target is missed).
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module (Join-Path $PSScriptRoot 'Common.psm1')
Import-Module (Join-Path $PSScriptRoot 'Build.psm1')

function Invoke-BenchTask {
    <# .SYNOPSIS Builds and runs the benchmark; sets $Context.ExitCode to 1 when a target is missed. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [psobject] $Context)
    Invoke-BuildTask -Context $Context
    Invoke-ChildPwsh -File (Join-Path $Context.Root 'bench' 'Invoke-Benchmark.ps1')
    $Context.ExitCode = if ($LASTEXITCODE -ne 0) { 1 } else { 0 }
}

Export-ModuleMember -Function Invoke-BenchTask
