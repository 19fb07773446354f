#Requires -Version 7.2
# SrmPairing.psd1: metadata for the gallery, and exports that match the cmdlets the dll defines.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    $script:RepoManifest = Join-Path (Get-SrmRepoRoot) 'SrmPairing.psd1'
    $script:Manifest = Import-PowerShellDataFile -LiteralPath $RepoManifest
    $script:ModuleDir = Split-Path -Parent (Get-SrmModulePath)

    # The cmdlets SrmPairing.dll defines, read by reflection over [Cmdlet] in a fresh pwsh (nothing imported).
    $dll = Join-Path $ModuleDir 'SrmPairing.dll'
    $command = @"
`$ErrorActionPreference = 'Stop'
`$asm = [System.Reflection.Assembly]::LoadFrom('$($dll.Replace("'", "''"))')
foreach (`$type in `$asm.GetExportedTypes()) {
    foreach (`$a in `$type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], `$false)) { "CMDLET `$(`$a.VerbName)-`$(`$a.NounName)" }
}
"@
    $script:ReflectOutput = Invoke-SrmChildPwsh -Command $command
    $script:ReflectExit = $LASTEXITCODE
    $script:DefinedCmdlets = @($ReflectOutput | Where-Object { $_ -like 'CMDLET *' } | ForEach-Object { $_.Substring(7) } | Sort-Object)
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest (in the built module folder, next to the files it names)' {
        $m = Test-ModuleManifest -Path (Get-SrmModulePath) -ErrorAction Stop
        $m.Name | Should -Be 'SrmPairing'
        $m.Version | Should -Be ([version] $Manifest.ModuleVersion)
    }

    It 'has <_>' -ForEach 'Author', 'CompanyName', 'Copyright', 'Description', 'ModuleVersion', 'GUID', 'PowerShellVersion', 'RootModule' {
        $Manifest[$_] | Should -Not -BeNullOrEmpty
    }

    It 'has PSData <_>' -ForEach 'Tags', 'LicenseUri', 'ProjectUri', 'ReleaseNotes' {
        $Manifest.PrivateData.PSData[$_] | Should -Not -BeNullOrEmpty
    }

    It 'has absolute https project and license links' {
        foreach ($key in 'LicenseUri', 'ProjectUri') {
            $uri = [uri] $Manifest.PrivateData.PSData[$key]
            $uri.IsAbsoluteUri | Should -BeTrue
            $uri.Scheme | Should -Be 'https'
        }
    }

    It 'has a LICENSE file, which the LicenseUri points at' {
        $license = Join-Path (Get-SrmRepoRoot) 'LICENSE'
        $license | Should -Exist
        Get-Content -LiteralPath $license -TotalCount 1 | Should -Be 'MIT License'
        $Manifest.PrivateData.PSData.LicenseUri | Should -BeLike '*/LICENSE'
    }

    It 'has tags without spaces (the gallery refuses them)' {
        foreach ($tag in $Manifest.PrivateData.PSData.Tags) { $tag | Should -Not -Match '\s' }
    }

    It 'exports no functions, variables or aliases, explicitly' {
        foreach ($key in 'FunctionsToExport', 'VariablesToExport', 'AliasesToExport') {
            $Manifest.ContainsKey($key) | Should -BeTrue -Because "$key must be listed (an absent key exports everything)"
            @($Manifest[$key]).Count | Should -Be 0 -Because "$key must be empty"
        }
    }

    It 'lists the cmdlets explicitly, no wildcard' {
        @($Manifest.CmdletsToExport) | Should -Not -BeNullOrEmpty
        foreach ($c in $Manifest.CmdletsToExport) { $c | Should -Not -Match '[*?\[]' }
    }

    It 'exports exactly the cmdlets SrmPairing.dll defines' {
        $ReflectExit | Should -Be 0 -Because ($ReflectOutput -join "`n")
        $DefinedCmdlets | Should -Not -BeNullOrEmpty
        @($Manifest.CmdletsToExport | Sort-Object) | Should -Be $DefinedCmdlets
    }

    It 'loads its formats file, which the build ships' {
        @($Manifest.FormatsToProcess) | Should -Be @('SrmPairing.Format.ps1xml')
        Join-Path (Get-SrmRepoRoot) 'SrmPairing.Format.ps1xml' | Should -Exist
        Join-Path $ModuleDir 'SrmPairing.Format.ps1xml' | Should -Exist
    }
}

Describe 'One version number' {
    It 'is not written anywhere but the manifest' {
        $root = Get-SrmRepoRoot
        $version = [regex]::Escape($Manifest.ModuleVersion)
        $files = Get-ChildItem -LiteralPath $root -Recurse -File -Include '*.props', '*.targets', '*.csproj', '*.cs', 'build.ps1' |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj|out)[\\/]' }
        $hits = $files | Select-String -Pattern "(?<![\d.])$version(?![\d.])" | ForEach-Object { "$($_.Path):$($_.LineNumber)" }
        $hits | Should -BeNullOrEmpty
    }
}
