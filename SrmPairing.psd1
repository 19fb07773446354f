@{
    RootModule           = 'SrmPairing.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0d3f1e-8a7c-4e2b-9f61-2c4d8e7a9b13'
    Author               = 'SrmPairing contributors'
    CompanyName          = 'SrmPairing contributors'
    Copyright            = '(c) SrmPairing contributors. Licensed under the MIT License.'
    Description          = 'Pair VMware Site Recovery Manager sites through the SRM REST API and wait for the tasks, from the shell, runbooks and pipelines.'
    CompatiblePSEditions = 'Desktop', 'Core'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = 'SrmPairing.Format.ps1xml'
    CmdletsToExport      = 'Connect-SrmServer',
                           'Disconnect-SrmServer',
                           'Get-SrmConnection',
                           'New-SrmPairing',
                           'Wait-SrmTask',
                           'Get-SrmTask',
                           'Get-SrmPairing',
                           'Connect-SrmRemoteSite',
                           'Remove-SrmPairing',
                           'Repair-SrmPairing',
                           'Get-SrmCertificateThumbprint',
                           'Test-SrmPairing'
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = 'VMware', 'SRM', 'SiteRecoveryManager', 'DisasterRecovery', 'REST', 'Pairing', 'PSEdition_Desktop', 'PSEdition_Core'
            LicenseUri   = 'https://github.com/srmpairing/SrmPairing/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/srmpairing/SrmPairing'
            ReleaseNotes = 'First release: Connect-SrmServer, New-SrmPairing, Wait-SrmTask, Get-SrmTask, Get-SrmPairing and Disconnect-SrmServer, with table and list views, colour-coded task status and tab completion. All changes: https://github.com/srmpairing/SrmPairing/releases'
        }
    }
}
