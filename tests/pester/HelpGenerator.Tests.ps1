#Requires -Version 7.2
# Unit tests of build/HelpGenerator.psm1: markdown fixtures in $TestDrive, cmdlet metadata as plain objects (and,
# for the reflection, the built SrmPairing.dll).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-SrmRepoRoot) 'build' 'HelpGenerator.psm1') -Force
    # Messages name files relative to the current directory.
    Push-Location -LiteralPath $TestDrive

    # A complete, valid help file for the fixture cmdlet Get-Widget (XML special characters on purpose).
    $script:ValidMarkdown = @'
# Get-Widget

## SYNOPSIS
Gets widgets & <gadgets>.

## DESCRIPTION
First paragraph with `inline code`, **bold** and [a link](https://example.com/widgets),
continued on a second line.

Second paragraph with "quotes", 'apostrophes' and ]]> in it.

- A list item
- Another item

## EXAMPLES

### Example 1: Get a widget by name
```powershell
Get-Widget -Name 'a&b' | Where-Object { $_.Size -lt 3 }
# a comment, not a heading
```
Gets the widget a&b when it is smaller than 3.

### Example 2: Get a widget by id
```powershell
Get-Widget -Id 7
```
Gets widget 7.

```text
Name Size
---- ----
w7      2
```

## PARAMETERS

### -Name
The widget's name.

### -Id
The widget's id.

### -Force
Also returns hidden widgets.

## INPUTS

### System.String
Widget names bind to -Name.

## OUTPUTS

### Fixture.Widget
One object per widget.

## NOTES
A note < 1 & > 0.

## RELATED LINKS

- [about_Widgets]()
- [Online version](https://example.com/widgets)
'@

    function New-HelpFile {
        # Writes markdown to $TestDrive/<dir>/Get-Widget.md and returns the path.
        param([string] $Markdown, [string] $Name = 'Get-Widget', [string] $Dir = 'md')
        $folder = Join-Path $TestDrive $Dir
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        $path = Join-Path $folder "$Name.md"
        Set-Content -LiteralPath $path -Value $Markdown -Encoding utf8NoBOM
        $path
    }

    function New-SetEntry([string] $Name = '__AllParameterSets', [switch] $Mandatory, [int] $Position = -1, [switch] $ByValue, [switch] $ByPropertyName) {
        [pscustomobject]@{ Name = $Name; Mandatory = [bool] $Mandatory; Position = $Position; ByValue = [bool] $ByValue; ByPropertyName = [bool] $ByPropertyName }
    }

    function New-Param([string] $Name, [string] $TypeName, [string] $FullTypeName, [object[]] $Sets, [string[]] $Aliases = @(), [switch] $IsSwitch, [string] $DefaultValue) {
        [pscustomobject]@{
            Name = $Name; TypeName = $TypeName; FullTypeName = $FullTypeName; IsSwitch = [bool] $IsSwitch; Aliases = $Aliases
            SupportsWildcards = $false; DefaultValue = $(if ($DefaultValue) { $DefaultValue } else { $null }); Sets = $Sets
        }
    }

    # Get-Widget [-Name] <String[]> [-Force] [-WhatIf] [-Confirm]  |  Get-Widget [-Id] <Int32> [-Force] ...
    function New-WidgetMetadata {
        [pscustomobject]@{
            Name                  = 'Get-Widget'
            Verb                  = 'Get'
            Noun                  = 'Widget'
            TypeName              = 'Fixture.GetWidgetCommand'
            SupportsShouldProcess = $true
            ParameterSets         = @('ByName', 'ById')
            Parameters            = @(
                New-Param Name 'String[]' 'System.String[]' -Aliases 'WidgetName' -Sets @(New-SetEntry ByName -Mandatory -Position 0 -ByValue)
                New-Param Id 'Int32' 'System.Int32' -DefaultValue '7' -Sets @(New-SetEntry ById -Mandatory -Position 0 -ByPropertyName)
                New-Param Force 'SwitchParameter' 'System.Management.Automation.SwitchParameter' -IsSwitch -Sets @(New-SetEntry)
            )
            OutputTypes           = @('Fixture.Widget')
        }
    }

    function Get-Problems([string] $Markdown) {
        $help = ConvertFrom-HelpMarkdown -Path (New-HelpFile $Markdown)
        @(Test-CommandHelp -Help $help -Metadata (New-WidgetMetadata))
    }

    function Get-MamlXml([object] $Help = (ConvertFrom-HelpMarkdown -Markdown $ValidMarkdown), [object] $Metadata = (New-WidgetMetadata)) {
        $text = ConvertTo-MamlHelp -Help $Help -Metadata $Metadata
        $doc = [System.Xml.XmlDocument]::new()
        $doc.LoadXml($text)
        $ns = [System.Xml.XmlNamespaceManager]::new($doc.NameTable)
        $ns.AddNamespace('msh', 'http://msh')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        [pscustomobject]@{ Text = $text; Doc = $doc; Ns = $ns }
    }
}

AfterAll {
    Pop-Location
}

Describe 'ConvertFrom-HelpMarkdown' {
    BeforeAll {
        $script:help = ConvertFrom-HelpMarkdown -Path (New-HelpFile $ValidMarkdown)
    }

    It 'reads the title, the synopsis and no problems from a complete file' {
        $help.Name | Should -Be 'Get-Widget'
        $help.Synopsis | Should -Be 'Gets widgets & <gadgets>.'
        @($help.Problems) | Should -BeNullOrEmpty
    }

    It 'makes one paragraph per block, joins soft line breaks and strips inline markdown' {
        $help.Description.Count | Should -Be 4
        $help.Description[0] | Should -Be 'First paragraph with inline code, bold and a link (https://example.com/widgets), continued on a second line.'
        $help.Description[1] | Should -BeLike '*"quotes"*]]> in it.'
        $help.Description[2] | Should -Be '- A list item'
        $help.Description[3] | Should -Be '- Another item'
    }

    It 'reads each example''s title, its powershell code (headings inside it stay code) and its text' {
        $help.Examples.Count | Should -Be 2
        $help.Examples[0].Title | Should -Be 'Example 1: Get a widget by name'
        $help.Examples[0].Code | Should -Be "Get-Widget -Name 'a&b' | Where-Object { `$_.Size -lt 3 }`n# a comment, not a heading"
        $help.Examples[0].Remarks | Should -Be @('Gets the widget a&b when it is smaller than 3.')
        $help.Examples[1].Code | Should -Be 'Get-Widget -Id 7'
        $help.Examples[1].Remarks.Count | Should -Be 2
        $help.Examples[1].Remarks[1] | Should -Be "Name Size`n---- ----`nw7      2"
    }

    It 'reads the parameters, inputs, outputs, notes and related links' {
        @($help.Parameters.Keys) | Should -Be @('Name', 'Id', 'Force')
        $help.Parameters['Force'] | Should -Be @('Also returns hidden widgets.')
        $help.Inputs[0].Type | Should -Be 'System.String'
        $help.Inputs[0].Description | Should -Be @('Widget names bind to -Name.')
        $help.Outputs[0].Type | Should -Be 'Fixture.Widget'
        $help.Notes | Should -Be @('A note < 1 & > 0.')
        $help.RelatedLinks[0].Text | Should -Be 'about_Widgets'
        $help.RelatedLinks[0].Uri | Should -Be ''
        $help.RelatedLinks[1].Uri | Should -Be 'https://example.com/widgets'
    }

    It 'skips YAML front matter and accepts CRLF line ends' {
        $md = "---`nexternal help file: x.xml`n---`n" + $ValidMarkdown
        $h = ConvertFrom-HelpMarkdown -Markdown ($md -replace "`n", "`r`n")
        $h.Name | Should -Be 'Get-Widget'
        $h.Synopsis | Should -Be 'Gets widgets & <gadgets>.'
        @($h.Problems) | Should -BeNullOrEmpty
    }

    It 'reports a missing <Section> section, naming the file and the section' -ForEach @(
        @{ Section = 'SYNOPSIS' }, @{ Section = 'DESCRIPTION' }, @{ Section = 'EXAMPLES' }, @{ Section = 'INPUTS' }, @{ Section = 'OUTPUTS' }
    ) {
        $md = $ValidMarkdown -replace "(?m)^## $Section$", '## REMOVED'
        $problems = Get-Problems ($md -replace '(?ms)^## REMOVED.*?(?=^## )', '')
        $problems | Should -Contain "md/Get-Widget.md: Get-Widget: missing section '## $Section'"
    }

    It 'reports a single example as too few' {
        $md = $ValidMarkdown -replace '(?ms)^### Example 2.*?(?=^## PARAMETERS)', ''
        $problems = Get-Problems $md
        $problems | Should -Contain "md/Get-Widget.md: Get-Widget: 1 example(s); at least 2 are required, each under '### Example N: ...'"
    }

    It 'reports an example without code and one without text' {
        $md = $ValidMarkdown.Replace("Get-Widget -Id 7`n", '').Replace("Gets the widget a&b when it is smaller than 3.`n", '')
        $md = $md -replace '(?ms)```powershell\n```\n', ''
        $problems = Get-Problems $md
        ($problems -join "`n") | Should -Match "Get-Widget: example 'Example 2: Get a widget by id' has no code block"
        ($problems -join "`n") | Should -Match "Get-Widget: example 'Example 1: Get a widget by name' has no text"
    }

    It 'reports an unknown section and a SYNTAX section' {
        $md = $ValidMarkdown.Replace('## NOTES', '## NOTE') + "`n## SYNTAX`nGet-Widget`n"
        $problems = (Get-Problems $md) -join "`n"
        $problems | Should -Match "unknown section '## NOTE'"
        $problems | Should -Match "remove '## SYNTAX'"
    }

    It 'reports a title that does not match the file name' {
        $path = New-HelpFile $ValidMarkdown -Name 'Get-Gadget'
        (ConvertFrom-HelpMarkdown -Path $path).Problems | Should -Contain "md/Get-Gadget.md: the title '# Get-Widget' does not match the file name"
    }

    It 'reports a code block that is never closed' {
        $md = $ValidMarkdown.Replace("Get-Widget -Id 7`n``````", "Get-Widget -Id 7")
        ((ConvertFrom-HelpMarkdown -Markdown $md).Problems -join "`n") | Should -Match 'code block is never closed'
    }
}

Describe 'Test-CommandHelp' {
    It 'finds nothing wrong with complete help' {
        Get-Problems $ValidMarkdown | Should -BeNullOrEmpty
    }

    It 'reports a parameter without a description, naming the cmdlet and the parameter' {
        $md = $ValidMarkdown -replace '(?ms)^### -Id\n.*?(?=^### -Force)', ''
        Get-Problems $md | Should -Be @("md/Get-Widget.md: Get-Widget: parameter -Id has no description; add '### -Id' with a description under '## PARAMETERS'")
    }

    It 'reports a parameter with an empty description' {
        $md = $ValidMarkdown.Replace("The widget's id.", '')
        Get-Problems $md | Should -Be @('md/Get-Widget.md: Get-Widget: parameter -Id has an empty description')
    }

    It 'reports a parameter the cmdlet does not have' {
        $md = $ValidMarkdown.Replace('## INPUTS', "### -Colour`nThe colour.`n`n## INPUTS")
        Get-Problems $md | Should -Be @('md/Get-Widget.md: Get-Widget: describes parameter -Colour, which the cmdlet does not have')
    }

    It 'reports a common parameter described per cmdlet' {
        $md = $ValidMarkdown.Replace('## INPUTS', "### -WhatIf`nWhat if.`n`n### -Verbose`nMore.`n`n## INPUTS")
        $problems = Get-Problems $md
        $problems | Should -Contain 'md/Get-Widget.md: Get-Widget: -WhatIf is a common parameter; its help is generated, remove ''### -WhatIf'''
        $problems | Should -Contain 'md/Get-Widget.md: Get-Widget: -Verbose is a common parameter; its help is generated, remove ''### -Verbose'''
    }

    It 'reports a declared output type and a pipeline input type that the help does not list' {
        $md = $ValidMarkdown.Replace('### Fixture.Widget', '### System.Object').Replace('### System.String', '### System.Int32')
        $problems = Get-Problems $md
        $problems | Should -Contain 'md/Get-Widget.md: Get-Widget: OUTPUTS does not list Fixture.Widget, which the cmdlet declares with [OutputType]'
        $problems | Should -Contain 'md/Get-Widget.md: Get-Widget: INPUTS does not list System.String, which a parameter takes from the pipeline by value'
    }

    It 'ignores ### CommonParameters' {
        Get-Problems ($ValidMarkdown.Replace('## INPUTS', "### CommonParameters`nThe usual.`n`n## INPUTS")) | Should -BeNullOrEmpty
    }
}

Describe 'ConvertTo-MamlHelp' {
    BeforeAll {
        $script:maml = Get-MamlXml
        function Select-Node([string] $XPath) { , @($maml.Doc.SelectNodes($XPath, $maml.Ns)) }
    }

    It 'writes well-formed XML with the helpItems root and one command:command per cmdlet' {
        $maml.Doc.DocumentElement.LocalName | Should -Be 'helpItems'
        $maml.Doc.DocumentElement.NamespaceURI | Should -Be 'http://msh'
        $maml.Doc.DocumentElement.GetAttribute('schema') | Should -Be 'maml'
        (Select-Node '/msh:helpItems/command:command').Count | Should -Be 1
    }

    It 'writes the details: name, verb, noun and the synopsis' {
        (Select-Node '//command:details/command:name')[0].InnerText | Should -Be 'Get-Widget'
        (Select-Node '//command:details/command:verb')[0].InnerText | Should -Be 'Get'
        (Select-Node '//command:details/command:noun')[0].InnerText | Should -Be 'Widget'
        (Select-Node '//command:details/maml:description/maml:para')[0].InnerText | Should -Be 'Gets widgets & <gadgets>.'
    }

    It 'escapes XML special characters and reads them back unchanged' {
        $maml.Text | Should -Match 'Gets widgets &amp; &lt;gadgets&gt;\.'
        $paras = Select-Node '/msh:helpItems/command:command/maml:description/maml:para'
        $paras.Count | Should -Be 4
        $paras[1].InnerText | Should -Be "Second paragraph with `"quotes`", 'apostrophes' and ]]> in it."
        (Select-Node '//command:example/dev:code')[0].InnerText | Should -BeLike "Get-Widget -Name 'a&b' | Where-Object*"
    }

    It 'writes one syntax item per parameter set, with -WhatIf and -Confirm for a ShouldProcess cmdlet' {
        $items = Select-Node '//command:syntax/command:syntaxItem'
        $items.Count | Should -Be 2
        @($items[0].SelectNodes('command:parameter/maml:name', $maml.Ns) | ForEach-Object InnerText) | Should -Be @('Name', 'Force', 'WhatIf', 'Confirm')
        @($items[1].SelectNodes('command:parameter/maml:name', $maml.Ns) | ForEach-Object InnerText) | Should -Be @('Id', 'Force', 'WhatIf', 'Confirm')
    }

    It 'writes each parameter once with required, position, pipelineInput, globbing, aliases, type and default' {
        $params = Select-Node '//command:parameters/command:parameter'
        @($params | ForEach-Object { $_.SelectSingleNode('maml:name', $maml.Ns).InnerText }) | Should -Be @('Name', 'Id', 'Force', 'WhatIf', 'Confirm')
        $name = $params[0]
        $name.GetAttribute('required') | Should -Be 'true'
        $name.GetAttribute('position') | Should -Be '0'
        $name.GetAttribute('pipelineInput') | Should -Be 'True (ByValue)'
        $name.GetAttribute('globbing') | Should -Be 'false'
        $name.GetAttribute('aliases') | Should -Be 'WidgetName'
        $name.SelectSingleNode('maml:description/maml:para', $maml.Ns).InnerText | Should -Be "The widget's name."
        $name.SelectSingleNode('command:parameterValue', $maml.Ns).InnerText | Should -Be 'String[]'
        $name.SelectSingleNode('dev:type/maml:name', $maml.Ns).InnerText | Should -Be 'System.String[]'
        $params[1].GetAttribute('pipelineInput') | Should -Be 'True (ByPropertyName)'
        $params[1].SelectSingleNode('dev:defaultValue', $maml.Ns).InnerText | Should -Be '7'
        $params[2].GetAttribute('position') | Should -Be 'named'
        $params[2].GetAttribute('aliases') | Should -Be 'none'
        $params[2].SelectSingleNode('command:parameterValue', $maml.Ns) | Should -BeNullOrEmpty -Because 'a switch takes no value'
        $params[3].GetAttribute('aliases') | Should -Be 'wi'
        $params[3].SelectSingleNode('maml:description/maml:para', $maml.Ns).InnerText | Should -Not -BeNullOrEmpty
    }

    It 'writes inputs, outputs, notes, examples and related links' {
        (Select-Node '//command:inputTypes/command:inputType/dev:type/maml:name')[0].InnerText | Should -Be 'System.String'
        (Select-Node '//command:returnValues/command:returnValue/dev:type/maml:name')[0].InnerText | Should -Be 'Fixture.Widget'
        (Select-Node '//maml:alertSet/maml:alert/maml:para')[0].InnerText | Should -Be 'A note < 1 & > 0.'
        $examples = Select-Node '//command:examples/command:example'
        $examples.Count | Should -Be 2
        $examples[1].SelectSingleNode('maml:title', $maml.Ns).InnerText | Should -Match 'Example 2: Get a widget by id'
        $examples[1].SelectSingleNode('dev:code', $maml.Ns).InnerText | Should -Be 'Get-Widget -Id 7'
        $examples[1].SelectSingleNode('dev:remarks/maml:para', $maml.Ns).InnerText | Should -Be 'Gets widget 7.'
        $links = Select-Node '//command:relatedLinks/maml:navigationLink'
        $links[1].SelectSingleNode('maml:linkText', $maml.Ns).InnerText | Should -Be 'Online version'
        $links[1].SelectSingleNode('maml:uri', $maml.Ns).InnerText | Should -Be 'https://example.com/widgets'
    }

    It 'writes no -WhatIf or -Confirm for a cmdlet without ShouldProcess, and a single syntax item for one set' {
        $meta = New-WidgetMetadata
        $meta.SupportsShouldProcess = $false
        $meta.ParameterSets = @('__AllParameterSets')
        $meta.Parameters = @($meta.Parameters[2])
        $md = $ValidMarkdown -replace '(?ms)^### -Name\n.*?(?=^### -Force)', ''
        $x = Get-MamlXml -Help (ConvertFrom-HelpMarkdown -Markdown $md) -Metadata $meta
        @($x.Doc.SelectNodes('//command:syntax/command:syntaxItem', $x.Ns)).Count | Should -Be 1
        @($x.Doc.SelectNodes('//command:parameters/command:parameter/maml:name', $x.Ns) | ForEach-Object InnerText) | Should -Be @('Force')
    }
}

Describe 'Get-CmdletHelpMetadata (the built SrmPairing.dll)' {
    BeforeAll {
        $script:dll = Join-Path (Split-Path (Get-SrmModulePath)) 'SrmPairing.dll'
        $script:meta = @(Get-CmdletHelpMetadata -AssemblyPath $dll)
        function Get-Meta([string] $Name) { $meta | Where-Object Name -eq $Name }
    }

    It 'finds every cmdlet the manifest exports' {
        $exported = (Import-PowerShellDataFile (Get-SrmModulePath)).CmdletsToExport
        foreach ($n in $exported) { $meta.Name | Should -Contain $n }
    }

    It 'reads parameter sets (the default first), positions, pipeline input and aliases as the binder does' {
        $wait = Get-Meta 'Wait-SrmTask'
        $wait.ParameterSets | Should -Be @('Task', 'Id')
        $task = $wait.Parameters | Where-Object Name -eq 'Task'
        $task.Sets.Name | Should -Be 'Task'
        $task.Sets[0].Mandatory | Should -BeTrue
        $task.Sets[0].Position | Should -Be 0
        $task.Sets[0].ByValue | Should -BeTrue
        $id = $wait.Parameters | Where-Object Name -eq 'Id'
        $id.Aliases | Should -Contain 'TaskId'
        $id.Sets[0].ByPropertyName | Should -BeTrue
        ($wait.Parameters | Where-Object Name -eq 'Connection').Sets[0].Name | Should -Be '__AllParameterSets'
    }

    It 'reads default values from a new instance, ShouldProcess and the output types' {
        $connect = Get-Meta 'Connect-SrmServer'
        ($connect.Parameters | Where-Object Name -eq 'TimeoutSec').DefaultValue | Should -Be '100'
        ($connect.Parameters | Where-Object Name -eq 'Port').DefaultValue | Should -BeNullOrEmpty -Because '0 is the type''s own default'
        ($connect.Parameters | Where-Object Name -eq 'SkipCertificateCheck').IsSwitch | Should -BeTrue
        $connect.SupportsShouldProcess | Should -BeFalse
        $connect.OutputTypes | Should -Be @('Srm.Client.Models.SrmConnection')
        (Get-Meta 'New-SrmPairing').SupportsShouldProcess | Should -BeTrue
        (Get-Meta 'Disconnect-SrmServer').OutputTypes | Should -BeNullOrEmpty -Because '[OutputType(typeof(void))] means none'
    }
}

Describe 'ConvertTo-AboutHelpText' {
    BeforeAll {
        $script:aboutMarkdown = @'
# about_Widgets

## SHORT DESCRIPTION
Explains widgets.

## LONG DESCRIPTION
Widgets are small. This paragraph is long enough to be wrapped at eighty columns by the converter, with `code` in it.

### Sizes
- small
- large

```powershell
Get-Widget -Name 'a very long name that stays on one line however long it is, because code is never wrapped'
```

| Error id | When |
|---|---|
| WidgetMissing | there is no widget |
| WidgetBroken | the widget is broken |

## SEE ALSO
- Get-Widget
'@
        $script:text = ConvertTo-AboutHelpText -Path (New-HelpFile $aboutMarkdown -Name 'about_Widgets')
        $script:lines = $text -split "`n"
    }

    It 'starts with TOPIC and the topic name, then the short description right under its heading' {
        $lines[0..4] | Should -Be @('TOPIC', '    about_Widgets', '', 'SHORT DESCRIPTION', '    Explains widgets.')
    }

    It 'writes every ## heading in capitals and indents the text by four' {
        $lines | Should -Contain 'LONG DESCRIPTION'
        $lines | Should -Contain 'SEE ALSO'
        $lines | Should -Contain '  Sizes'
        $lines | Should -Contain '    - small'
        $lines | Should -Contain '    - large'
    }

    It 'wraps text at 80 columns but leaves code alone, indented by eight' {
        $code = $lines | Where-Object { $_ -like '*Get-Widget -Name*' }
        $code | Should -BeLike "        Get-Widget -Name 'a very long name*"
        foreach ($l in $lines) { if ($l -ne $code) { $l.Length | Should -BeLessOrEqual 80 } }
        $text | Should -Match 'with code in it\.'
    }

    It 'aligns tables' {
        $lines | Should -Contain '    Error id       When'
        $lines | Should -Contain '    WidgetMissing  there is no widget'
    }

    It 'writes ASCII only' {
        $t = ConvertTo-AboutHelpText -Markdown ($aboutMarkdown.Replace('Widgets are small.', "Widgets are small $([char]0x2014) tiny $([char]0x2192) really."))
        $t | Should -Match 'small -- tiny -> really'
        $t.ToCharArray().Where({ [int] $_ -gt 127 }).Count | Should -Be 0
    }

    It 'throws naming a missing <Section>' -ForEach @(@{ Section = 'SHORT DESCRIPTION' }, @{ Section = 'LONG DESCRIPTION' }) {
        $md = $aboutMarkdown.Replace("## $Section", '## OTHER')
        { ConvertTo-AboutHelpText -Markdown $md } | Should -Throw "*missing section '## $Section'*"
    }
}

Describe 'Export-ModuleHelp' {
    BeforeAll {
        # A copy of the built module (dll and manifest) and of the help source, to break one at a time.
        $script:builtDir = Split-Path (Get-SrmModulePath)
        $script:docsDir = Join-Path (Get-SrmRepoRoot) 'docs' 'help'
        function New-Scratch {
            $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            $module = New-Item -ItemType Directory -Path (Join-Path $root 'SrmPairing')
            Get-ChildItem -LiteralPath $builtDir -File | Where-Object Extension -in '.dll', '.psd1' | Copy-Item -Destination $module
            $docs = New-Item -ItemType Directory -Path (Join-Path $root 'docs')
            Get-ChildItem -LiteralPath $docsDir -Filter '*.md' -File | Copy-Item -Destination $docs
            [pscustomobject]@{ Module = $module.FullName; Docs = $docs.FullName }
        }
    }

    It 'writes en-US/SrmPairing.dll-Help.xml and en-US/about_SrmPairing.help.txt from the repository''s help' {
        $s = New-Scratch
        $files = Export-ModuleHelp -ModulePath $s.Module -SourcePath $s.Docs
        $files.Name | Should -Be @('SrmPairing.dll-Help.xml', 'about_SrmPairing.help.txt')
        { [xml] (Get-Content -LiteralPath (Join-Path $s.Module 'en-US' 'SrmPairing.dll-Help.xml') -Raw) } | Should -Not -Throw
    }

    It 'fails naming the cmdlet and the parameter when a parameter description is deleted, and writes nothing' {
        $s = New-Scratch
        $file = Join-Path $s.Docs 'Wait-SrmTask.md'
        (Get-Content -LiteralPath $file -Raw) -replace '(?ms)^### -Timeout\n.*?(?=^## )', '' | Set-Content -LiteralPath $file -NoNewline
        { Export-ModuleHelp -ModulePath $s.Module -SourcePath $s.Docs } | Should -Throw '*Wait-SrmTask: parameter -Timeout has no description*'
        Join-Path $s.Module 'en-US' | Should -Not -Exist
    }

    It 'fails naming the cmdlet when its markdown file is missing' {
        $s = New-Scratch
        Remove-Item -LiteralPath (Join-Path $s.Docs 'Get-SrmTask.md')
        { Export-ModuleHelp -ModulePath $s.Module -SourcePath $s.Docs } | Should -Throw '*Get-SrmTask has no help: create *Get-SrmTask.md*'
    }

    It 'fails when an example is deleted and only one is left' {
        $s = New-Scratch
        $file = Join-Path $s.Docs 'Disconnect-SrmServer.md'
        (Get-Content -LiteralPath $file -Raw) -replace '(?ms)^### Example [23].*?(?=^### Example|^## )', '' | Set-Content -LiteralPath $file -NoNewline
        { Export-ModuleHelp -ModulePath $s.Module -SourcePath $s.Docs } | Should -Throw '*Disconnect-SrmServer: 1 example(s); at least 2 are required*'
    }

    It 'runs in the background with Start-ModuleHelpExport, and Wait-ModuleHelpExport returns the files or throws the problems' {
        $good = New-Scratch
        $bad = New-Scratch
        $file = Join-Path $bad.Docs 'Connect-SrmServer.md'
        (Get-Content -LiteralPath $file -Raw) -replace '(?ms)^### -NotDefault\n.*?(?=^### )', '' | Set-Content -LiteralPath $file -NoNewline
        $goodExport = Start-ModuleHelpExport -ModulePath $good.Module -SourcePath $good.Docs
        $badExport = Start-ModuleHelpExport -ModulePath $bad.Module -SourcePath $bad.Docs
        (Wait-ModuleHelpExport $goodExport).Name | Should -Be @('SrmPairing.dll-Help.xml', 'about_SrmPairing.help.txt')
        { Wait-ModuleHelpExport $badExport } | Should -Throw '*Connect-SrmServer: parameter -NotDefault has no description*'
    }

    It 'fails for a markdown file that describes no exported cmdlet' {
        $s = New-Scratch
        Copy-Item -LiteralPath (Join-Path $s.Docs 'Get-SrmTask.md') -Destination (Join-Path $s.Docs 'Remove-SrmWidget.md')
        { Export-ModuleHelp -ModulePath $s.Module -SourcePath $s.Docs } | Should -Throw '*Remove-SrmWidget.md describes Remove-SrmWidget, which the module does not export*'
    }
}
