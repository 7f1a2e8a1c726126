package coast

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// Raster is a grid of land and water cells on a Frame.
type Raster struct {
	Frame
	bits []uint64 // bit i set: cell i (row-major) is land
}

// NewRaster returns an all-water raster on f.
func NewRaster(f Frame) *Raster {
	return &Raster{Frame: f, bits: make([]uint64, (f.Cols*f.Rows+63)/64)}
}

// Cells returns the number of cells.
func (r *Raster) Cells() int { return r.Cols * r.Rows }

// LandAt reports whether cell i (row-major) is land.
func (r *Raster) LandAt(i int) bool { return r.bits[i>>6]&(1<<(i&63)) != 0 }

// Land reports whether cell (x, y) is land; outside the frame is water.
func (r *Raster) Land(x, y int) bool { return r.inside(x, y) && r.LandAt(y*r.Cols+x) }

// SetLand marks cell (x, y) land or water.
func (r *Raster) SetLand(x, y int, land bool) {
	i := y*r.Cols + x
	if land {
		r.bits[i>>6] |= 1 << (i & 63)
	} else {
		r.bits[i>>6] &^= 1 << (i & 63)
	}
}

const magic = "medibus-land-1\n"

// Encode writes the raster gzipped: a header (magic, frame), then each row as
// alternating run lengths (uvarints), water first.
func (r *Raster) Encode() ([]byte, error) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	w.WriteString(magic)
	for _, v := range []float64{r.Lon0, r.Lat0, r.DLon, r.DLat} {
		binary.Write(w, binary.LittleEndian, math.Float64bits(v))
	}
	binary.Write(w, binary.LittleEndian, [2]uint32{uint32(r.Cols), uint32(r.Rows)})
	var tmp [binary.MaxVarintLen64]byte
	for y := 0; y < r.Rows; y++ {
		land, run := false, 0
		for x := 0; x < r.Cols; x++ {
			if r.Land(x, y) != land {
				w.Write(tmp[:binary.PutUvarint(tmp[:], uint64(run))])
				land, run = !land, 0
			}
			run++
		}
		w.Write(tmp[:binary.PutUvarint(tmp[:], uint64(run))])
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Decode reads a raster written by Encode.
func Decode(b []byte) (*Raster, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("land raster: %w", err)
	}
	br := bufio.NewReader(zr)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, errors.New("land raster: not a medibus land raster")
	}
	var fl [4]uint64
	var dims [2]uint32
	if err := binary.Read(br, binary.LittleEndian, &fl); err != nil {
		return nil, fmt.Errorf("land raster header: %w", err)
	}
	if err := binary.Read(br, binary.LittleEndian, &dims); err != nil {
		return nil, fmt.Errorf("land raster header: %w", err)
	}
	f := Frame{Lon0: math.Float64frombits(fl[0]), Lat0: math.Float64frombits(fl[1]),
		DLon: math.Float64frombits(fl[2]), DLat: math.Float64frombits(fl[3]), Cols: int(dims[0]), Rows: int(dims[1])}
	if f.Cols <= 0 || f.Rows <= 0 || f.Cols*f.Rows > 1<<26 || !(f.DLon > 0) || !(f.DLat > 0) {
		return nil, fmt.Errorf("land raster: bad frame %+v", f)
	}
	r := NewRaster(f)
	if err := r.readRows(br); err != nil {
		return nil, err
	}
	return r, nil
}

// readRows reads the run lengths of every row.
func (r *Raster) readRows(br *bufio.Reader) error {
	for y := 0; y < r.Rows; y++ {
		x, land := 0, false
		for x < r.Cols {
			n, err := binary.ReadUvarint(br)
			if err != nil {
				return fmt.Errorf("land raster row %d: %w", y, err)
			}
			if int(n) > r.Cols-x {
				return fmt.Errorf("land raster row %d: run of %d past the row's end", y, n)
			}
			for ; n > 0; n-- {
				if land {
					r.SetLand(x, y, true)
				}
				x++
			}
			land = !land
		}
	}
	return nil
}
