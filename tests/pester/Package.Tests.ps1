#Requires -Version 7.2
# `build.ps1 package`: out/SrmPairing.<version>.nupkg, installed by name from a local repository in a fresh pwsh
# and used to pair against the simulator.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    $script:Root = Get-SrmRepoRoot
    $script:Manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $Root 'SrmPairing.psd1')
    $script:Version = $Manifest.ModuleVersion
    $script:OutDir = Join-Path $Root 'out'
    $script:Nupkg = Join-Path $OutDir "SrmPairing.$Version.nupkg"
    $configuration = if ($env:SRMPAIRING_CONFIGURATION) { $env:SRMPAIRING_CONFIGURATION } else { 'Release' }

    # Reuse a package made from the module folder as it is now; otherwise run the package task.
    $moduleDir = Split-Path -Parent (Get-SrmModulePath)
    $newest = Get-ChildItem -LiteralPath $moduleDir -File -Recurse | Sort-Object LastWriteTimeUtc | Select-Object -Last 1
    $script:PackageLog = @()
    if (-not (Test-Path -LiteralPath $Nupkg) -or (Get-Item -LiteralPath $Nupkg).LastWriteTimeUtc -lt $newest.LastWriteTimeUtc) {
        $pwsh = Get-SrmPwshCommand
        $script:PackageLog = & $pwsh.FilePath @($pwsh.Arguments) -NoProfile -NonInteractive -File (Join-Path $Root 'build.ps1') package -Configuration $configuration 2>&1 |
            ForEach-Object { "$_" }
        $script:PackageExit = $LASTEXITCODE
    } else {
        $script:PackageExit = 0
    }

    $script:sim = Start-SrmSimulator -TaskDurationMs 300
    $script:b = Get-SrmSimulatorSite vc-b
}

AfterAll {
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'The package' {
    It 'is built by the package task' {
        $PackageExit | Should -Be 0 -Because ($PackageLog -join "`n")
        $Nupkg | Should -Exist
    }

    It 'holds the module files at its root and nothing the module does not ship' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Nupkg)
        try {
            $names = @($zip.Entries.FullName)
        } finally {
            $zip.Dispose()
        }
        foreach ($f in 'SrmPairing.psd1', 'SrmPairing.dll', 'SrmPairing.Client.dll', 'Newtonsoft.Json.dll', 'SrmPairing.Format.ps1xml', 'SrmPairing.nuspec') {
            $names | Should -Contain $f
        }
        $names | Where-Object { $_ -like 'System.Management.Automation*' } | Should -BeNullOrEmpty
    }

    It 'installs by name from a local repository in a fresh pwsh and pairs against the simulator' {
        $command = @'
param($OutDir, $Server, $Thumbprint, $PscUrl, $VcGuid, $Version)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$temp = Join-Path ([System.IO.Path]::GetTempPath()) ('srm-package-test-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $temp | Out-Null
# The repository list of this pwsh lives in a temporary folder on Linux (XDG_DATA_HOME);
# the repository has a unique name and is unregistered whatever happens.
# The folder must exist: .NET reports no LocalApplicationData for a missing one, and PSResourceGet then uses './'.
if ($IsLinux) { $env:XDG_DATA_HOME = (New-Item -ItemType Directory -Path (Join-Path $temp 'data')).FullName }
$name = 'SrmPairingTest-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
Register-PSResourceRepository -Name $name -Uri $OutDir -Trusted
try {
    $modules = Join-Path $temp 'modules'
    New-Item -ItemType Directory -Path $modules | Out-Null
    Save-PSResource -Name SrmPairing -Version $Version -Repository $name -Path $modules -TrustRepository
    $env:PSModulePath = $modules + [System.IO.Path]::PathSeparator + $env:PSModulePath
    Import-Module SrmPairing
    $m = Get-Module SrmPairing
    $cred = [pscredential]::new('administrator@vsphere.local', (ConvertTo-SecureString 'VMware1!' -AsPlainText -Force))
    $conn = Connect-SrmServer -Server $Server -Credential $cred -CertificateThumbprint $Thumbprint
    $task = New-SrmPairing -RemotePscUrl $PscUrl -RemoteVcGuid $VcGuid -RemoteCredential $cred | Wait-SrmTask
    Disconnect-SrmServer -Connection $conn
    [pscustomobject]@{
        ModuleBase = $m.ModuleBase
        Version    = $m.Version.ToString()
        Inside     = $m.ModuleBase.StartsWith($modules)
        Status     = "$($task.Status)"
    } | ConvertTo-Json -Compress
} finally {
    Unregister-PSResourceRepository -Name $name
    "REPOSITORIES $((Get-PSResourceRepository).Name -join ',')"
    Remove-Item -LiteralPath $temp -Recurse -Force -ErrorAction SilentlyContinue
}
'@
        $script = Join-Path ([System.IO.Path]::GetTempPath()) ("srm-package-test-{0}.ps1" -f [guid]::NewGuid().ToString('N'))
        Set-Content -LiteralPath $script -Value $command -Encoding utf8
        try {
            $pwsh = Get-SrmPwshCommand
            $out = & $pwsh.FilePath @($pwsh.Arguments) -NoProfile -NonInteractive -File $script -OutDir $OutDir -Server $sim.Server `
                -Thumbprint $sim.Thumbprint -PscUrl $b.PscUrl -VcGuid $b.VcGuid -Version $Version 2>&1 | ForEach-Object { "$_" }
            $exit = $LASTEXITCODE
        } finally {
            Remove-Item -LiteralPath $script -Force -ErrorAction SilentlyContinue
        }
        $exit | Should -Be 0 -Because ($out -join "`n")
        $result = $out | Where-Object { $_ -like '{*' } | Select-Object -Last 1 | ConvertFrom-Json
        $result.Status | Should -Be 'SUCCESS'
        $result.Version | Should -Be $Version
        $result.Inside | Should -BeTrue -Because "the module must come from the saved package, not from $($result.ModuleBase)"
        ($out | Where-Object { $_ -like 'REPOSITORIES *' }) | Should -Not -BeLike '*SrmPairingTest-*'
    }
}
