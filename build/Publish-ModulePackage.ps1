#Requires -Version 7.2
<#
.SYNOPSIS
Publishes the built module folder as <Destination>/<Name>.<version>.nupkg with PSResourceGet.
.DESCRIPTION
`build.ps1 package` runs this in a child pwsh. The package goes through a repository registered for this run only:
on Linux the PSResourceGet store (under XDG_DATA_HOME) is a temporary folder, so the user's repository list is never
read or written; elsewhere the store cannot be moved, so the repository has a unique name and is always
unregistered.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDir,
    [Parameter(Mandatory)] [string] $Destination
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$store = Join-Path ([System.IO.Path]::GetTempPath()) ('srm-psresource-' + [guid]::NewGuid().ToString('N'))
# It must exist: .NET gives no LocalApplicationData for a missing folder, and PSResourceGet would fall back to './'.
New-Item -ItemType Directory -Path $store | Out-Null
if ($IsLinux) { $env:XDG_DATA_HOME = $store }
$name = 'SrmPairingBuild-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
Register-PSResourceRepository -Name $name -Uri $Destination -Trusted
try {
    Publish-PSResource -Path $ModuleDir -Repository $name
} finally {
    Unregister-PSResourceRepository -Name $name
    if (Test-Path -LiteralPath $store) { Remove-Item -LiteralPath $store -Recurse -Force }
}
