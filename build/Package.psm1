#Requires -Version 7.2
# The package task: after the build, out/SrmPairing.<version>.nupkg (the PowerShell module, with PSResourceGet) and
# out/SrmPairing.Client.<version>.nupkg + .snupkg (the .NET client library, with dotnet pack).
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module (Join-Path $PSScriptRoot 'Common.psm1')
Import-Module (Join-Path $PSScriptRoot 'Build.psm1')

function New-ModulePackage {
    # out/SrmPairing.<version>.nupkg from out/SrmPairing: build/Publish-ModulePackage.ps1 in a child pwsh.
    param([psobject] $Context, [string] $Version)
    $nupkg = Join-Path $Context.OutDir "$($Context.ModuleName).$Version.nupkg"
    Write-Step "Packaging $($Context.ModuleName) $Version with PSResourceGet (child pwsh)"
    if (Test-Path -LiteralPath $nupkg) { Remove-Item -LiteralPath $nupkg -Force }
    Invoke-ChildPwsh -File (Join-Path $PSScriptRoot 'Publish-ModulePackage.ps1') -Arguments @(
        '-ModuleDir', $Context.ModuleOut, '-Destination', $Context.OutDir)
    if ($LASTEXITCODE -ne 0) { throw "Publish-PSResource failed (exit code $LASTEXITCODE)." }
    if (-not (Test-Path -LiteralPath $nupkg)) { throw "Publish-PSResource wrote no $nupkg." }
    Write-Host "Package:   $nupkg"
}

function New-ClientPackage {
    # out/SrmPairing.Client.<version>.nupkg and .snupkg: dotnet pack of what the build has just built (the package
    # metadata lives in src/SrmPairing.Client/SrmPairing.Client.csproj).
    param([psobject] $Context, [string] $Version)
    $id = 'SrmPairing.Client'
    $nupkg = Join-Path $Context.OutDir "$id.$Version.nupkg"
    $snupkg = Join-Path $Context.OutDir "$id.$Version.snupkg"
    Write-Step "Packaging $id $Version with dotnet pack"
    foreach ($old in $nupkg, $snupkg) { if (Test-Path -LiteralPath $old) { Remove-Item -LiteralPath $old -Force } }
    Invoke-Dotnet pack (Join-Path $Context.Root 'src' $id "$id.csproj") -c $Context.Configuration "-p:Version=$Version" `
        --no-build --nologo -o $Context.OutDir
    foreach ($f in $nupkg, $snupkg) {
        if (-not (Test-Path -LiteralPath $f)) { throw "dotnet pack wrote no $f." }
    }
    Write-Host "Package:   $nupkg"
    Write-Host "Symbols:   $snupkg"
}

function Invoke-PackageTask {
    <#
    .SYNOPSIS
    Builds, then packs the PowerShell module (out/SrmPairing.<version>.nupkg) and the .NET client library
    (out/SrmPairing.Client.<version>.nupkg and .snupkg), all with the version from SrmPairing.psd1.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [psobject] $Context)
    Invoke-BuildTask -Context $Context
    $version = Get-ModuleVersion $Context
    New-ModulePackage -Context $Context -Version $version
    New-ClientPackage -Context $Context -Version $version
}

Export-ModuleMember -Function Invoke-PackageTask
