@echo off
rem Runs JBang for people who have only a JDK: an installed jbang if there is one, otherwise the
rem version pinned in .mvn\jbang-launcher\pom.xml, fetched once from Maven Central by mvnw.cmd.
setlocal
set "ROOT=%~dp0"

rem An installed jbang, unless it is this very script (cmd looks in the current folder first).
for /f "delims=" %%J in ('where jbang.cmd jbang.exe 2^>nul') do (
  if /i not "%%~dpJ"=="%ROOT%" (
    set "INSTALLED=%%J"
    goto :installed
  )
)

if defined JAVA_HOME (set "JAVA_EXE=%JAVA_HOME%\bin\java.exe") else (set "JAVA_EXE=java")
set "LAUNCHER=%ROOT%.mvn\jbang-launcher"
set "CLASSPATH_FILE=%LAUNCHER%\target\classpath.txt"
if not exist "%CLASSPATH_FILE%" (
  echo [jbang] Getting JBang with mvnw.cmd ^(downloaded from Maven Central the first time^)... 1>&2
  call "%ROOT%mvnw.cmd" -q -f "%LAUNCHER%\pom.xml" dependency:build-classpath "-Dmdep.outputFile=%CLASSPATH_FILE%" 1>&2
  if not exist "%CLASSPATH_FILE%" (
    echo [jbang] Could not fetch JBang with mvnw.cmd; see its message above. 1>&2
    exit /b 1
  )
)
rem for /f reads the long classpath line whole, where set /p stops at 1024 characters.
for /f "usebackq delims=" %%C in ("%CLASSPATH_FILE%") do set "JBANG_CP=%%C"

rem JBang's Main builds the script, then prints the command to run and exits 255.
set "JBANG_RUNTIME_SHELL=cmd"
set "OUTPUT_FILE=%TEMP%\jbang-%RANDOM%%RANDOM%.tmp"
"%JAVA_EXE%" %JBANG_JAVA_OPTIONS% -cp "%JBANG_CP%" dev.jbang.Main %* > "%OUTPUT_FILE%"
set "STATUS=%ERRORLEVEL%"
if not "%STATUS%"=="255" goto :printed
for /f "usebackq delims=" %%L in ("%OUTPUT_FILE%") do set "COMMAND=%%L"
del /q "%OUTPUT_FILE%"
%COMMAND%
exit /b %ERRORLEVEL%

:printed
type "%OUTPUT_FILE%"
del /q "%OUTPUT_FILE%"
exit /b %STATUS%

:installed
"%INSTALLED%" %*
exit /b %ERRORLEVEL%
