#Requires -Version 7.2
# What the built module's own assemblies reference: netstandard2.0 and nothing PowerShell 5.1 or 7 lacks.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    $script:ModuleDir = Split-Path -Parent (Get-SrmModulePath)

    # References and target framework of each dll, read in a fresh pwsh from files loaded by path only
    # (their references are never resolved, nothing runs).
    $command = @"
`$ErrorActionPreference = 'Stop'
foreach (`$name in 'SrmPairing.dll', 'SrmPairing.Client.dll') {
    `$asm = [System.Reflection.Assembly]::LoadFile([System.IO.Path]::Combine('$($ModuleDir.Replace("'", "''"))', `$name))
    `$tfm = `$asm.GetCustomAttributesData() | Where-Object { `$_.AttributeType.FullName -eq 'System.Runtime.Versioning.TargetFrameworkAttribute' } |
        ForEach-Object { `$_.ConstructorArguments[0].Value }
    [pscustomobject]@{
        Name       = `$name
        Framework  = [string] `$tfm
        References = @(`$asm.GetReferencedAssemblies() | ForEach-Object Name | Sort-Object)
    } | ConvertTo-Json -Compress
}
"@
    $script:Output = Invoke-SrmChildPwsh -Command $command
    $script:Exit = $LASTEXITCODE
    $script:Info = @{}
    foreach ($line in $Output | Where-Object { $_ -like '{*' }) {
        $o = $line | ConvertFrom-Json
        $Info[$o.Name] = $o
    }
}

Describe 'The module assemblies' {
    It 'are read' {
        $Exit | Should -Be 0 -Because ($Output -join "`n")
        $Info.Keys | Sort-Object | Should -Be @('SrmPairing.Client.dll', 'SrmPairing.dll')
    }

    It '<_> targets .NETStandard,Version=v2.0' -ForEach 'SrmPairing.dll', 'SrmPairing.Client.dll' {
        $Info[$_].Framework | Should -Be '.NETStandard,Version=v2.0'
    }

    It 'SrmPairing.dll references only netstandard, System.Management.Automation and SrmPairing.Client (Newtonsoft.Json allowed)' {
        $allowed = 'netstandard', 'System.Management.Automation', 'SrmPairing.Client', 'Newtonsoft.Json'
        $extra = @($Info['SrmPairing.dll'].References | Where-Object { $_ -notin $allowed })
        $extra | Should -BeNullOrEmpty -Because "only $($allowed -join ', ') are available on both PowerShell 5.1 and 7"
        $Info['SrmPairing.dll'].References | Should -Contain 'netstandard'
        $Info['SrmPairing.dll'].References | Should -Contain 'System.Management.Automation'
    }

    It 'SrmPairing.Client.dll references only netstandard and Newtonsoft.Json (no PowerShell)' {
        $extra = @($Info['SrmPairing.Client.dll'].References | Where-Object { $_ -notin 'netstandard', 'Newtonsoft.Json' })
        $extra | Should -BeNullOrEmpty
    }

    It 'ships every referenced assembly except System.Management.Automation and netstandard' {
        $refs = @($Info.Values.References | Sort-Object -Unique | Where-Object { $_ -notin 'netstandard', 'System.Management.Automation' })
        foreach ($r in $refs) { Join-Path $ModuleDir "$r.dll" | Should -Exist }
    }
}
