#Requires -Version 7.2
# The build and clean tasks: dotnet build of the solution, the importable module folder out/SrmPairing (with its
# help) and the published simulator out/SrmPairing.Simulator.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module (Join-Path $PSScriptRoot 'Common.psm1')
Import-Module (Join-Path $PSScriptRoot 'HelpGenerator.psm1')

function Copy-FileReplacing {
    # Replaces a file that a running pwsh may have loaded. The new file is written next to the target and
    # renamed over it: on Linux and macOS the old inode lives on for whoever maps it (copying in place would
    # truncate a mapped dll under that process). On Windows a loaded dll cannot be replaced but can be
    # renamed: it is moved aside into out/stale first. Identical files are left alone.
    param([psobject] $Context, [string] $Source, [string] $Destination)
    if ((Test-Path -LiteralPath $Destination) -and
        (Get-Item -LiteralPath $Source).Length -eq (Get-Item -LiteralPath $Destination).Length -and
        (Get-FileHash -LiteralPath $Source).Hash -eq (Get-FileHash -LiteralPath $Destination).Hash) {
        return
    }
    $temp = '{0}.{1}.tmp' -f $Destination, [guid]::NewGuid().ToString('N')
    Copy-Item -LiteralPath $Source -Destination $temp -Force
    try {
        [System.IO.File]::Move($temp, $Destination, $true)
    } catch [System.IO.IOException], [System.UnauthorizedAccessException] {
        Move-Aside $Context $Destination
        [System.IO.File]::Move($temp, $Destination, $true)
    } finally {
        if (Test-Path -LiteralPath $temp) { Remove-Item -LiteralPath $temp -Force -ErrorAction SilentlyContinue }
    }
}

function Move-Aside([psobject] $Context, [string] $Path) {
    # Moves a (possibly loaded) file out of the module folder into out/stale.
    $stale = Join-Path $Context.OutDir 'stale'
    New-Item -ItemType Directory -Force -Path $stale | Out-Null
    $aside = Join-Path $stale ('{0}.{1}' -f [System.IO.Path]::GetFileName($Path), [guid]::NewGuid().ToString('N'))
    [System.IO.File]::Move($Path, $aside)
}

function Remove-StaleFiles([psobject] $Context) {
    # Best effort: files moved aside by an earlier build whose pwsh has exited by now.
    $stale = Join-Path $Context.OutDir 'stale'
    if (Test-Path -LiteralPath $stale) {
        Get-ChildItem -LiteralPath $stale -File | Remove-Item -Force -ErrorAction SilentlyContinue
    }
}

function Get-ManifestListedFiles {
    # Files the manifest names (formats, types) that must ship next to it.
    param([hashtable] $Manifest)
    foreach ($key in 'FormatsToProcess', 'TypesToProcess') {
        if ($Manifest.ContainsKey($key)) {
            # '.\X.Format.ps1xml' and 'X.Format.ps1xml' are the same file, on every platform.
            @($Manifest[$key]) | Where-Object { $_ } | ForEach-Object { ($_ -replace '\\', '/') -replace '^\./', '' }
        }
    }
}

function Install-ModuleFolder {
    # Assembles out/SrmPairing from the publish output and the repo's module files.
    param([psobject] $Context, [string] $PublishDir)
    $moduleName = $Context.ModuleName
    $moduleOut = $Context.ModuleOut
    $manifestPath = Get-ModuleManifestPath $Context
    $manifest = Import-PowerShellDataFile -LiteralPath $manifestPath

    # dlls from the publish folder, minus what PowerShell itself provides.
    $excluded = @('System.Management.Automation.dll', 'Microsoft.Management.Infrastructure.dll')
    $files = [System.Collections.Generic.List[object]]::new()
    foreach ($dll in Get-ChildItem -LiteralPath $PublishDir -Filter '*.dll' -File) {
        if ($dll.Name -notin $excluded) { $files.Add(@{ Source = $dll.FullName; Target = $dll.Name }) }
    }
    if ($Context.Configuration -eq 'Debug') {
        foreach ($pdb in Get-ChildItem -LiteralPath $PublishDir -Filter '*.pdb' -File) {
            $files.Add(@{ Source = $pdb.FullName; Target = $pdb.Name })
        }
    }
    $files.Add(@{ Source = $manifestPath; Target = "$moduleName.psd1" })

    $moduleSources = @($Context.Root, (Join-Path $Context.Root 'src' $moduleName))
    foreach ($listed in Get-ManifestListedFiles $manifest) {
        $src = $moduleSources | ForEach-Object { Join-Path $_ $listed } | Where-Object { Test-Path -LiteralPath $_ } |
            Select-Object -First 1
        if (-not $src) { throw "$moduleName.psd1 lists '$listed' but it is neither in the repo root nor in src/$moduleName." }
        $files.Add(@{ Source = $src; Target = $listed })
    }

    # Help: src/SrmPairing/en-US (MAML *-Help.xml, about_*.help.txt) as it is.
    $helpDir = Join-Path $Context.Root 'src' $moduleName 'en-US'
    if (Test-Path -LiteralPath $helpDir) {
        foreach ($f in Get-ChildItem -LiteralPath $helpDir -File -Recurse) {
            $files.Add(@{ Source = $f.FullName; Target = [System.IO.Path]::GetRelativePath((Split-Path $helpDir), $f.FullName) })
        }
    }

    New-Item -ItemType Directory -Force -Path $moduleOut | Out-Null
    $wanted = @{}
    foreach ($f in $files) {
        $target = Join-Path $moduleOut $f.Target
        $wanted[[System.IO.Path]::GetFullPath($target)] = $true
        New-Item -ItemType Directory -Force -Path (Split-Path -Parent $target) | Out-Null
        Copy-FileReplacing -Context $Context -Source $f.Source -Destination $target
    }
    # Whatever an earlier build left that this one does not ship.
    foreach ($old in Get-ChildItem -LiteralPath $moduleOut -File -Recurse) {
        if (-not $wanted.ContainsKey($old.FullName)) {
            try { Remove-Item -LiteralPath $old.FullName -Force } catch { Move-Aside $Context $old.FullName }
        }
    }
    Get-ChildItem -LiteralPath $moduleOut -Directory -Recurse | Sort-Object { $_.FullName.Length } -Descending |
        Where-Object { -not (Get-ChildItem -LiteralPath $_.FullName -Force) } | Remove-Item -Force
}

function Invoke-BuildTask {
    <#
    .SYNOPSIS
    dotnet build of the solution with the version from SrmPairing.psd1, then out/SrmPairing (module and help) and
    out/SrmPairing.Simulator.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [psobject] $Context)
    $root = $Context.Root
    $moduleName = $Context.ModuleName
    $version = Get-ModuleVersion $Context
    Write-Step "Building $moduleName $version ($($Context.Configuration))"
    Remove-StaleFiles $Context
    $common = @('-c', $Context.Configuration, "-p:Version=$version", '--nologo')
    # One build of the whole solution (module, simulator and the test projects), then publish without rebuilding.
    Invoke-Dotnet build (Join-Path $root 'SrmPairing.sln') @common

    $publishDir = Join-Path $Context.OutDir 'publish' $moduleName
    if (Test-Path -LiteralPath $publishDir) { Remove-Item -LiteralPath $publishDir -Recurse -Force }
    Invoke-Dotnet publish (Join-Path $root 'src' $moduleName "$moduleName.csproj") @common --no-build -o $publishDir
    Install-ModuleFolder -Context $Context -PublishDir $publishDir

    # Help: the prose in docs/help plus the syntax of the built cmdlets -> en-US/SrmPairing.dll-Help.xml (MAML) and
    # en-US/about_*.help.txt, generated in a second runspace while the simulator is published. Fails, naming the
    # cmdlet and parameter, when help is missing (see docs/help/README.md).
    $helpExport = Start-ModuleHelpExport -ModulePath $Context.ModuleOut -SourcePath (Join-Path $root 'docs' 'help')

    Write-Step 'Publishing the simulator'
    Invoke-Dotnet publish (Join-Path $root 'src' 'SrmPairing.Simulator' 'SrmPairing.Simulator.csproj') @common --no-build -o $Context.SimulatorOut
    Write-Step 'Generating help'
    $null = Wait-ModuleHelpExport $helpExport
    Write-Host "Module:    $($Context.ModuleOut)"
    Write-Host "Simulator: $($Context.SimulatorOut)"
}

function Invoke-CleanTask {
    <# .SYNOPSIS Removes out/ and every bin/ and obj/ folder of the projects. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [psobject] $Context)
    Write-Step 'Removing out/, bin/ and obj/'
    if (Test-Path -LiteralPath $Context.OutDir) { Remove-Item -LiteralPath $Context.OutDir -Recurse -Force }
    foreach ($top in 'src', 'tests', 'bench', 'examples') {
        $dir = Join-Path $Context.Root $top
        if (-not (Test-Path -LiteralPath $dir)) { continue }
        Get-ChildItem -LiteralPath $dir -Directory -Recurse -Include 'bin', 'obj' |
            Where-Object { Test-Path -LiteralPath $_.FullName } |
            Remove-Item -Recurse -Force
    }
}

Export-ModuleMember -Function Invoke-BuildTask, Invoke-CleanTask
