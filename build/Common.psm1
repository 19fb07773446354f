#Requires -Version 7.2
# What every build task shares: the build context (paths and configuration), the version, dotnet and child pwsh.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$script:Dotnet = $null

function New-BuildContext {
    <#
    .SYNOPSIS
    The paths and settings every task works with; ExitCode is set by a task that ends with a result (test, bench).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Root,
        [ValidateSet('Release', 'Debug')] [string] $Configuration = 'Release'
    )
    $outDir = Join-Path $Root 'out'
    $moduleName = 'SrmPairing'
    [pscustomobject]@{
        Root           = $Root
        Configuration  = $Configuration
        OutDir         = $outDir
        ModuleName     = $moduleName
        ModuleOut      = Join-Path $outDir $moduleName
        SimulatorOut   = Join-Path $outDir 'SrmPairing.Simulator'
        TestResultsDir = Join-Path $outDir 'test-results'
        ExitCode       = 0
    }
}

function Set-DotnetEnvironment {
    <# Quieter, repeatable dotnet runs; under CI no MSBuild nodes are left running. #>
    [CmdletBinding()]
    param()
    $env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
    $env:DOTNET_NOLOGO = '1'
    $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
    if ($env:CI) {
        $env:MSBUILDDISABLENODEREUSE = '1'
        $env:DOTNET_CLI_USE_MSBUILD_SERVER = '0'
    }
}

function Write-Step([string] $Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

function Get-DotnetPath {
    if ($script:Dotnet) { return $script:Dotnet }
    # Under `dotnet pwsh` this process *is* the dotnet host of the SDK that global.json selected.
    $self = [System.Environment]::ProcessPath
    $script:Dotnet = if ($self -and [System.IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') {
        $self
    } elseif ($env:DOTNET_HOST_PATH -and (Test-Path -LiteralPath $env:DOTNET_HOST_PATH)) {
        $env:DOTNET_HOST_PATH
    } else {
        (Get-Command dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
    }
    $script:Dotnet
}

function Invoke-Dotnet {
    # Runs dotnet with its output on the console; throws on a non-zero exit code.
    # No param block: every argument, '-o' included, goes to dotnet as it is.
    $Arguments = [string[]] $args
    $dotnet = Get-DotnetPath
    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor DarkGray
    # Not piped: dotnet keeps the console (and its terminal logger) when there is one. Callers never capture.
    & $dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE."
    }
}

function Get-PwshCommand {
    # A child pwsh like this one. Under `dotnet pwsh` the process is dotnet, so the child is `dotnet pwsh.dll`.
    $self = [System.Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') {
        [pscustomobject]@{ FilePath = $self; Arguments = @((Join-Path $PSHOME 'pwsh.dll')) }
    } else {
        [pscustomobject]@{ FilePath = $self; Arguments = @() }
    }
}

function Invoke-ChildPwsh {
    # Runs a script file in a child pwsh (own process: the module's dll is never loaded into this one).
    # The child writes straight to this console; its exit code is left in $LASTEXITCODE.
    param(
        [Parameter(Mandatory)] [string] $File,
        [string[]] $Arguments = @()
    )
    $pwsh = Get-PwshCommand
    & $pwsh.FilePath @($pwsh.Arguments) -NoProfile -NonInteractive -File $File @Arguments
}

function Get-ModuleManifestPath {
    param([Parameter(Mandatory)] [psobject] $Context)
    $path = Join-Path $Context.Root "$($Context.ModuleName).psd1"
    if (-not (Test-Path -LiteralPath $path)) { throw "Module manifest '$path' not found." }
    $path
}

function Get-ModuleVersion {
    # The single source of the version: ModuleVersion (+ PSData.Prerelease) in SrmPairing.psd1.
    param([Parameter(Mandatory)] [psobject] $Context)
    $data = Import-PowerShellDataFile -LiteralPath (Get-ModuleManifestPath $Context)
    $version = [string] $data.ModuleVersion
    if (-not ($version -as [version])) { throw "ModuleVersion '$version' in $($Context.ModuleName).psd1 is not a version." }
    $pre = $null
    if ($data.ContainsKey('PrivateData') -and $data.PrivateData -is [hashtable] -and
        $data.PrivateData.ContainsKey('PSData') -and $data.PrivateData.PSData -is [hashtable] -and
        $data.PrivateData.PSData.ContainsKey('Prerelease')) {
        $pre = [string] $data.PrivateData.PSData.Prerelease
    }
    if ($pre) { "$version-$pre" } else { $version }
}

Export-ModuleMember -Function New-BuildContext, Set-DotnetEnvironment, Write-Step, Get-DotnetPath, Invoke-Dotnet,
    Get-PwshCommand, Invoke-ChildPwsh, Get-ModuleManifestPath, Get-ModuleVersion
