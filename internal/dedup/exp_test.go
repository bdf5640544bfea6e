package dedup
import ("testing";"strings";"github.com/arrows-math/arrows/internal/dedup/problemgen")
func TestExp(t *testing.T){
  m:=DefaultMinHash(); m.Shingle=2; m.NumberWeight=3; m.Threshold=0.7
  ps := problemgen.Distinct(600, 2024); sigs:=make([][]uint64,len(ps)); for i:=range ps{sigs[i]=m.Signature(ps[i].Text)}
  n:=0
  for i:=range ps{for j:=i+1;j<len(ps);j++{ if ps[i].Template==ps[j].Template{ if shareBand(m,sigs[i],sigs[j])&&Similarity(sigs[i],sigs[j])>=m.Threshold{n++; if n%7==0 {t.Logf("%q | %q", ps[i].Text, ps[j].Text)}}}}}
  for _,base:=range plantedBases{ ww:=strings.Fields(base); ww[len(ww)/2]="particular"; e:=strings.Join(ww," "); if i:=strings.Index(base,". ");i>0{e2:=base[i+2:]+" "+base[:i+1]; if s:=Similarity(m.Signature(base),m.Signature(e2));s<m.Threshold{t.Logf("reorder %.2f %q",s,e2)}}; if s:=Similarity(m.Signature(base),m.Signature(e));s<m.Threshold{t.Logf("edit %.2f %q",s, e)}}
 }
