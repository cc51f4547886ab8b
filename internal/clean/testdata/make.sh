#!/bin/sh
# make.sh makes the fixtures of package clean with the programs people use:
# LibreOffice writes the Office and OpenDocument files and the PDF from flat
# OpenDocument sources that name an author ("J. Jansen"), a computer path
# and a tracked change and a comment by that author; poppler draws the
# photo; exiftool plants a camera, a time and a GPS position in it, and an
# author and XMP in the PDF. The outputs are committed: the tests do not
# need these programs to read them, only to check what package clean writes.
#
# Usage: sh internal/clean/testdata/make.sh   (needs soffice, pdftoppm, exiftool)
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
profile="-env:UserInstallation=file://$work/profile"

soffice $profile --headless --convert-to docx --outdir . source/report.fodt >/dev/null
soffice $profile --headless --convert-to odt --outdir . source/report.fodt >/dev/null
soffice $profile --headless --convert-to xlsx --outdir . source/figures.fods >/dev/null
soffice $profile --headless --convert-to ods --outdir . source/figures.fods >/dev/null
soffice $profile --headless --convert-to pdf --outdir "$work" source/report.fodt >/dev/null

# The PDF: LibreOffice's author, then exiftool's incremental update with
# XMP, as a PDF edited after export looks.
cp "$work/report.pdf" report.pdf
exiftool -q -overwrite_original -PDF:Author='J. Jansen' -PDF:Creator='JJANSEN-LAPTOP' \
	-XMP-dc:Creator='J. Jansen' -XMP-pdf:Producer='JJANSEN-LAPTOP' report.pdf

# The photo: the first page drawn as a JPEG and a PNG, then a phone's
# EXIF (camera, time, GPS position near Helmond's town hall) planted.
pdftoppm -jpeg -r 30 -singlefile -f 1 -l 1 "$work/report.pdf" photo
pdftoppm -png -r 30 -singlefile -f 1 -l 1 "$work/report.pdf" screenshot
exiftool -q -overwrite_original -Orientation#=6 -Make=Apple -Model='iPhone 13' -DateTimeOriginal='2026:03:14 09:26:53' \
	-Artist='J. Jansen' -HostComputer='JJANSEN-LAPTOP' \
	-GPSLatitude=51.4793 -GPSLatitudeRef=N -GPSLongitude=5.6570 -GPSLongitudeRef=E \
	-XMP-dc:Creator='J. Jansen' -IPTC:By-line='J. Jansen' -Comment='J. Jansen' photo.jpg
exiftool -q -overwrite_original -PNG:Author='J. Jansen' -PNG:Comment='JJANSEN-LAPTOP' \
	-XMP-dc:Creator='J. Jansen' -EXIF:GPSLatitude=51.4793 -EXIF:GPSLatitudeRef=N \
	-EXIF:GPSLongitude=5.6570 -EXIF:GPSLongitudeRef=E screenshot.png
